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
