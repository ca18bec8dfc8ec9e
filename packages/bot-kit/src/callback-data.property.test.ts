import { anyText } from '@booking/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, CallbackCodec } from './callback-data.js';

const codec = new CallbackCodec(Buffer.alloc(32, 7));
const action = fc.string({
  unit: fc.constantFrom('a', 'b', 'x', 'y', 'o', 'k'),
  minLength: 1,
  maxLength: 3,
});
const argument = fc.oneof(
  anyText(12).filter((text) => !text.includes('|')),
  fc.integer(),
  fc.constantFrom('any', '2030-01-07', ''),
);

describe('CallbackCodec under any data', () => {
  it('decodes any string a client could send without throwing, to nothing or an action', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(80),
          anyText(80).map((text) => `${text}|${text.slice(0, 8)}`),
        ),
        (data) => {
          const decoded = codec.decode(data);
          if (decoded !== undefined) {
            expect(decoded.action.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives back exactly what it encoded, when it fits in 64 bytes', () => {
    fc.assert(
      fc.property(action, fc.array(argument, { maxLength: 4 }), (name, args) => {
        let data: string;
        try {
          data = codec.encode(name, ...args);
        } catch (error) {
          expect(String(error)).toMatch(/over 64 bytes/);
          return;
        }
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
        expect(codec.decode(data)).toEqual({ action: name, args: args.map(String) });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any change to data it encoded, and data of another key', () => {
    const other = new CallbackCodec(Buffer.alloc(32, 8));
    fc.assert(
      fc.property(
        action,
        fc.array(fc.integer({ min: 0, max: 99_999 }), { maxLength: 3 }),
        fc.nat(),
        anyText(3).filter((text) => text.length > 0),
        (name, args, at, replacement) => {
          const data = codec.encode(name, ...args);
          const cut = at % data.length;
          const changed = `${data.slice(0, cut)}${replacement}${data.slice(cut + 1)}`;
          if (changed !== data) {
            expect(codec.decode(changed)).toBeUndefined();
          }
          expect(other.decode(data)).toBeUndefined();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
