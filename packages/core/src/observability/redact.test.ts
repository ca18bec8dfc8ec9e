import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { redactSecrets } from './redact.js';

const TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ app: 'test', destination });
  return { logger, output: () => lines.join('') };
}

describe('redactSecrets', () => {
  it('removes bot tokens, including inside Telegram API URLs', () => {
    const text = `request to https://api.telegram.org/bot${TOKEN}/getMe failed; token=${TOKEN}`;
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(TOKEN);
    expect(redacted).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4');
    expect(redacted).toContain('https://api.telegram.org/bot[REDACTED]/getMe');
  });

  it('removes YooKassa keys, auth headers and URL passwords but keeps ordinary text', () => {
    const text =
      'key live_AbCdEfGhIjKlMnOpQrStUvWx auth Basic MTIzNDU2OnRlc3RfYWJj url postgres://app:hunter2@db:5432/x at 12:30';
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain('live_AbCdEfGhIjKlMnOpQrStUvWx');
    expect(redacted).not.toContain('MTIzNDU2OnRlc3RfYWJj');
    expect(redacted).not.toContain('hunter2');
    expect(redacted).toContain('postgres://app:[REDACTED]@db:5432/x');
    expect(redacted).toContain('at 12:30');
  });
});

describe('createLogger', () => {
  it('never writes a bot token: not in fields, messages, URLs or error stacks', () => {
    const { logger, output } = captureLogger();
    logger.info({ token: TOKEN, tenant: 'acme' }, 'starting');
    logger.info({ config: { botToken: TOKEN } }, 'config');
    logger.warn(`polling https://api.telegram.org/bot${TOKEN}/getUpdates`);
    const error = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`);
    logger.error({ err: error, url: `/bot${TOKEN}/sendMessage` }, 'send failed');
    logger.flush();
    const text = output();
    expect(text).toContain('"tenant":"acme"');
    expect(text).toContain('send failed');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.split(':')[1]);
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
  });
});

describe('the logger with errors', () => {
  it('keeps of a failed Bot API call its method, chat and answer, not its payload', () => {
    const { logger, output } = captureLogger();
    // The shape telegraf gives a failed call's error, its own transport included.
    const error = Object.assign(new Error('401: Unauthorized'), {
      response: { ok: false, error_code: 401, description: 'Unauthorized' },
      on: {
        method: 'setWebhook',
        payload: {
          url: 'https://bots.example.com/tg/acme/PathSecret123456',
          secret_token: 'HeaderSecret7890',
        },
      },
    });
    const send = Object.assign(new Error('403: Forbidden: bot was blocked by the user'), {
      response: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked' },
      on: { method: 'sendMessage', payload: { chat_id: 5150, text: 'Anna, +7 912 345-67-89' } },
    });
    logger.error({ err: error }, 'could not set the webhook');
    logger.warn({ err: send }, 'send failed');
    logger.flush();
    const text = output();
    expect(text).toContain('"method":"setWebhook"');
    expect(text).toContain('"error_code":401');
    expect(text).toContain('"method":"sendMessage","chat_id":5150');
    for (const hidden of ['PathSecret123456', 'HeaderSecret7890', 'Anna', '345-67-89']) {
      expect(text).not.toContain(hidden);
    }
  });

  it("keeps a database error's code and constraint, not the row values in its detail or an outcome's details", () => {
    const { logger, output } = captureLogger();
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'clients_phone_key',
      detail: 'Key (phone)=(+79123456789) already exists.',
    });
    const outcome = Object.assign(new Error('client is busy', { cause: duplicate }), {
      code: 'SLOT_TAKEN',
      details: { name: 'Anna Petrova', phone: '+79123456789' },
    });
    logger.error({ err: outcome }, 'booking failed');
    logger.flush();
    const text = output();
    expect(text).toContain('"code":"SLOT_TAKEN"');
    expect(text).toContain('"code":"23505"');
    expect(text).toContain('"constraint":"clients_phone_key"');
    expect(text).not.toContain('79123456789');
    expect(text).not.toContain('Anna Petrova');
  });
});
