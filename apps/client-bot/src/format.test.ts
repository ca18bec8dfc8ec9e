import { describe, expect, it } from 'vitest';
import { formatPrice } from './format.js';

/** Intl separates groups and the sign with no-break spaces; spelled out here as '_'. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, '_');

describe('formatPrice', () => {
  it('writes a whole amount without minor units, with the currency sign', () => {
    expect(plain(formatPrice(250_000, 'RUB', 'ru'))).toBe('2_500_₽');
    expect(formatPrice(250_000, 'RUB', 'en')).toBe('₽2,500');
    expect(plain(formatPrice(250_000, 'RUB', 'es'))).toBe('2500_₽');
    expect(formatPrice(2_500, 'EUR', 'en')).toBe('€25');
  });

  it('keeps minor units when the amount has them', () => {
    expect(plain(formatPrice(2_550, 'EUR', 'ru'))).toBe('25,50_€');
    expect(formatPrice(2_550, 'USD', 'en')).toBe('$25.50');
    // The same currency and language again, whole: the two formats do not mix.
    expect(formatPrice(2_500, 'USD', 'en')).toBe('$25');
    expect(formatPrice(2_505, 'USD', 'en')).toBe('$25.05');
  });
});
