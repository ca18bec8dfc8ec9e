import { describe, expect, it } from 'vitest';
import { ConfigError, env, parseConfig } from './config.js';

const shape = {
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']),
  PORT: env.port().default(8080),
  TIME_ZONE: env.timeZone().optional(),
  TOKEN_ENCRYPTION_KEY: env.encryptionKey(),
  LOG_LEVEL: env.oneOf(['debug', 'info', 'warn']).default('info'),
};

const good = {
  DATABASE_URL: 'postgres://u@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
  TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('parseConfig', () => {
  it('returns typed values and applies defaults', () => {
    const config = parseConfig('app', shape, { ...good, TIME_ZONE: 'Europe/Madrid' });
    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.TIME_ZONE).toBe('Europe/Madrid');
    expect(config.TOKEN_ENCRYPTION_KEY).toHaveLength(32);
  });

  it('names every missing and invalid variable in one message, with what it expects', () => {
    let error: unknown;
    try {
      parseConfig('client-bot', shape, {
        DATABASE_URL: 'mysql://nope',
        PORT: 'eighty',
        TIME_ZONE: 'Mars/Olympus',
        TOKEN_ENCRYPTION_KEY: '',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('client-bot: invalid configuration');
    expect(message).toContain('DATABASE_URL: invalid; expected a postgres:// or postgresql:// URL');
    expect(message).toContain('REDIS_URL: missing; expected a redis:// or rediss:// URL');
    expect(message).toContain('PORT: invalid; expected a port number 0-65535');
    expect(message).toContain('TIME_ZONE: invalid; expected an IANA time zone');
    // An empty value counts as missing.
    expect(message).toContain('TOKEN_ENCRYPTION_KEY: missing; expected a 32-byte key');
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(
      ['DATABASE_URL', 'PORT', 'REDIS_URL', 'TIME_ZONE', 'TOKEN_ENCRYPTION_KEY'].sort(),
    );
  });

  it('never echoes a value, since some are secrets', () => {
    const secret = 'zz-not-a-key-but-secret-zz';
    expect(() => parseConfig('app', shape, { ...good, TOKEN_ENCRYPTION_KEY: secret })).toThrow(
      ConfigError,
    );
    try {
      parseConfig('app', shape, { ...good, TOKEN_ENCRYPTION_KEY: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('accepts a base64 encryption key and rejects a short one', () => {
    const base64 = Buffer.alloc(32, 1).toString('base64');
    expect(
      parseConfig('app', shape, { ...good, TOKEN_ENCRYPTION_KEY: base64 }).TOKEN_ENCRYPTION_KEY,
    ).toEqual(Buffer.alloc(32, 1));
    expect(() =>
      parseConfig('app', shape, {
        ...good,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'),
      }),
    ).toThrow(/TOKEN_ENCRYPTION_KEY: invalid/);
  });
});
