import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TELEGRAM_RETRY, retryDelayMs, transientFailureOf } from './telegram-retry.js';

const answered = (error_code: number, parameters?: { retry_after: number }) =>
  new TelegramError({ error_code, description: 'x', ...(parameters ? { parameters } : {}) });

describe('transientFailureOf', () => {
  it('retries 429, 5xx and network failures, not definite answers or an abort', () => {
    expect(transientFailureOf(answered(429, { retry_after: 7 }))).toEqual({
      kind: 'rate-limited',
      retryAfterSeconds: 7,
    });
    expect(transientFailureOf(answered(500))).toEqual({ kind: 'server', status: 500 });
    expect(transientFailureOf(answered(502))).toEqual({ kind: 'server', status: 502 });
    expect(
      transientFailureOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    ).toEqual({ kind: 'network', code: 'ECONNRESET' });
    expect(
      transientFailureOf(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toEqual({ kind: 'network', code: 'ECONNREFUSED' });
    expect(
      transientFailureOf(new Error('Bot API sendMessage: no answer within the timeout')),
    ).toEqual({ kind: 'network', code: 'TIMEOUT' });
    for (const definite of [400, 401, 403, 404, 409]) {
      expect(transientFailureOf(answered(definite))).toBeUndefined();
    }
    const abort = Object.assign(new Error('The operation was aborted'), {
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
    expect(transientFailureOf(abort)).toBeUndefined();
    expect(transientFailureOf(new TypeError('a bug'))).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles from the first delay up to the longest, each drawn from its upper half', () => {
    const policy = { initialDelayMs: 500, maxDelayMs: 5_000 };
    const ceilings = [500, 1_000, 2_000, 4_000, 5_000, 5_000];
    ceilings.forEach((ceiling, retry) => {
      for (const random of [0, 0.37, 0.999999]) {
        const delay = retryDelayMs(retry, policy, random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    });
    expect(retryDelayMs(10_000, DEFAULT_TELEGRAM_RETRY, 0.5)).toBeLessThanOrEqual(
      DEFAULT_TELEGRAM_RETRY.maxDelayMs,
    );
  });
});
