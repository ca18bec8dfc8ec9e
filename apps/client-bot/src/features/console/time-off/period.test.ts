import { describe, expect, it } from 'vitest';
import { parsePeriod, parseSpecialHours } from './period.js';

const ZONE = 'Europe/Moscow';
// Wednesday 10 July 2030, 12:00 in Moscow.
const NOW = new Date('2030-07-10T09:00:00Z');

describe('typed time off', () => {
  it('reads whole days, a range of days and hours of a day in the tenant zone', () => {
    expect(parsePeriod('12.07', ZONE, NOW)).toEqual({
      startsAt: new Date('2030-07-11T21:00:00Z'),
      endsAt: new Date('2030-07-12T21:00:00Z'),
    });
    expect(parsePeriod('30.12 – 2.01', ZONE, NOW)).toEqual({
      startsAt: new Date('2030-12-29T21:00:00Z'),
      endsAt: new Date('2031-01-02T21:00:00Z'),
    });
    expect(parsePeriod('2030-07-10 14:00-18:00', ZONE, NOW)).toEqual({
      startsAt: new Date('2030-07-10T11:00:00Z'),
      endsAt: new Date('2030-07-10T15:00:00Z'),
    });
    // A day already past this year is next year's.
    expect(parsePeriod('01.02', ZONE, NOW)?.startsAt).toEqual(new Date('2031-01-31T21:00:00Z'));
  });

  it('refuses what is not a period, is over or is backwards', () => {
    for (const text of [
      'tomorrow',
      '31.02',
      '12.07 18:00-14:00',
      '10.07.2029',
      '12.07 25:00-26:00',
      '',
    ]) {
      expect(parsePeriod(text, ZONE, NOW)).toBeUndefined();
    }
  });

  it('reads special hours with breaks, and a closed day', () => {
    expect(parseSpecialHours('12.07 9:00-13:00, 14:00-18:00', ZONE, NOW)).toEqual({
      date: '2030-07-12',
      intervals: [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
    });
    expect(parseSpecialHours('12.07 выходной', ZONE, NOW)).toEqual({
      date: '2030-07-12',
      intervals: [],
    });
    expect(parseSpecialHours('12.07 sometimes', ZONE, NOW)).toBeUndefined();
  });
});
