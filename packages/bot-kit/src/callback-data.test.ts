import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, CallbackCodec } from './callback-data.js';

const codec = new CallbackCodec(Buffer.alloc(32, 1));

describe('CallbackCodec', () => {
  it('round-trips an action and its arguments', () => {
    const data = codec.encode('day', '2026-11-23', 42);
    expect(codec.decode(data)).toEqual({ action: 'day', args: ['2026-11-23', '42'] });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it('rejects forged, altered, truncated and foreign data', () => {
    const data = codec.encode('cancel', 17);
    expect(codec.decode(data.replace('17', '18'))).toBeUndefined();
    expect(codec.decode('cancel|18|AAAAAAAA')).toBeUndefined();
    expect(codec.decode(data.slice(0, -1))).toBeUndefined();
    expect(codec.decode('cancel')).toBeUndefined();
    expect(codec.decode('')).toBeUndefined();
    expect(new CallbackCodec(Buffer.alloc(32, 2)).decode(data)).toBeUndefined();
  });

  it('refuses to build data Telegram would reject or that could be split wrongly', () => {
    expect(() => codec.encode('x', 'a'.repeat(60))).toThrow(/over 64 bytes/);
    expect(() => codec.encode('x', 'a|b')).toThrow(/contains "\|"/);
  });
});
