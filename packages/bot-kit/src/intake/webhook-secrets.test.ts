import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookSecrets } from './webhook-server.js';

const key = randomBytes(32);
const token = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4';

describe('webhookSecrets', () => {
  it('are the same on every replica: the same key, slug and token give the same secrets', () => {
    expect(webhookSecrets(Buffer.from(key), 'acme', token)).toEqual(
      webhookSecrets(key, 'acme', token),
    );
  });

  it('change with the bot token, so revoking a leaked token also retires the old secrets', () => {
    const before = webhookSecrets(key, 'acme', token);
    const after = webhookSecrets(key, 'acme', '7123456789:AAFreshTokenAfterRevokeXXXXXXXXXXXX');
    expect(after.path).not.toBe(before.path);
    expect(after.token).not.toBe(before.token);
  });

  it('differ between tenants and keys, and hold nothing of the token', () => {
    const secrets = webhookSecrets(key, 'acme', token);
    expect(webhookSecrets(key, 'acme_two', token)).not.toEqual(secrets);
    expect(webhookSecrets(randomBytes(32), 'acme', token)).not.toEqual(secrets);
    expect(secrets.path).not.toBe(secrets.token);
    for (const value of [secrets.path, secrets.token]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(token).not.toContain(value.slice(0, 8));
    }
  });
});
