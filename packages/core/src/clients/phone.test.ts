import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, parsePhone, phoneRegionOf } from './phone.js';

const E164 = /^\+[1-9]\d{1,14}$/;

/** Strings made of what people type into a phone field, to reach deep into the parser. */
const phoneLike = fc
  .array(fc.constantFrom(...'0123456789+ -().\u00a0x#*'.split(''), '8 ', '+7', 'ext'), {
    maxLength: 30,
  })
  .map((parts) => parts.join(''));
const region = fc.option(
  fc.oneof(fc.constantFrom('RU', 'ES', 'US', 'AR', 'XX', '', 'ru'), fc.string({ maxLength: 4 })),
  { nil: undefined },
);

describe('parsePhone', () => {
  it.each([
    ['8 912 345-67-89', 'RU', '+79123456789'],
    ['79990000002', 'RU', '+79990000002'],
    ['+7 (912) 345 67 89', 'ES', '+79123456789'],
    ['9123456789', 'RU', '+79123456789'],
    ['612 345 678', 'ES', '+34612345678'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['+34 612 34 56 78', undefined, '+34612345678'],
  ])('reads %s (default %s) as %s', (input, defaultRegion, expected) => {
    expect(parsePhone(input, defaultRegion)).toBe(expected);
  });

  it.each([
    ['call me', 'RU'],
    ['12345', 'RU'],
    ['+7999000000', 'RU'],
    ['8 912 345-67-89', undefined],
    // Russian digits without a plus are not a Spanish number.
    ['79161234567', 'ES'],
    ['+79123456789abc', 'RU'],
    ['+7 912 345 67 89 ext 5', 'RU'],
    ['', 'RU'],
  ])('refuses %s (default %s)', (input, defaultRegion) => {
    expect(parsePhone(input, defaultRegion)).toBeUndefined();
  });

  it('never throws, and what it accepts is E.164 that reads back as itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), phoneLike),
        region,
        (input, defaultRegion) => {
          const phone = parsePhone(input, defaultRegion);
          if (phone !== undefined) {
            expect(phone).toMatch(E164);
            expect(parsePhone(phone)).toBe(phone);
            expect(parsePhone(formatPhone(phone))).toBe(phone);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses what is not a string', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        fc.pre(typeof input !== 'string');
        expect(parsePhone(input, 'RU')).toBeUndefined();
      }),
    );
  });
});

describe('formatPhone', () => {
  it('shows a number in international format, an old one read with the region, junk as stored', () => {
    expect(formatPhone('+79123456789')).toBe('+7 912 345 67 89');
    expect(formatPhone('8 912 345-67-89', 'RU')).toBe('+7 912 345 67 89');
    expect(formatPhone('+34612345678')).toBe('+34 612 34 56 78');
    expect(formatPhone('12-34')).toBe('12-34');
  });
});

describe('phoneRegionOf', () => {
  it('takes the setting first, then the country of the time zone, else none', () => {
    expect(phoneRegionOf({ timeZone: 'Europe/Moscow' })).toBe('RU');
    expect(phoneRegionOf({ timeZone: 'Asia/Vladivostok', phoneRegion: '' })).toBe('RU');
    expect(phoneRegionOf({ timeZone: 'Europe/Madrid' })).toBe('ES');
    expect(phoneRegionOf({ timeZone: 'America/Argentina/Cordoba' })).toBe('AR');
    expect(phoneRegionOf({ timeZone: 'America/Mexico_City' })).toBe('MX');
    expect(phoneRegionOf({ timeZone: 'Europe/Moscow', phoneRegion: 'KZ' })).toBe('KZ');
    expect(phoneRegionOf({ timeZone: 'UTC' })).toBeUndefined();
    expect(phoneRegionOf({ timeZone: 'UTC', phoneRegion: 'ZZ' })).toBeUndefined();
  });
});
