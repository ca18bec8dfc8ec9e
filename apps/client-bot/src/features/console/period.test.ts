import { describe, expect, it } from 'vitest';
import { parseTypedPeriod, presetPeriod } from './period.js';

describe('report periods', () => {
  // Wednesday 2030-04-03, 01:30 in Moscow (still the 2nd in UTC).
  const now = new Date('2030-04-02T22:30:00.000Z');

  it('lays the presets out in the business zone', () => {
    const zone = 'Europe/Moscow';
    expect(presetPeriod('week', now, zone)).toEqual({ from: '2030-04-01', to: '2030-04-07' });
    expect(presetPeriod('month', now, zone)).toEqual({ from: '2030-04-01', to: '2030-04-30' });
    expect(presetPeriod('prev', now, zone)).toEqual({ from: '2030-03-01', to: '2030-03-31' });
    expect(presetPeriod('d30', now, zone)).toEqual({ from: '2030-03-05', to: '2030-04-03' });
  });

  it('reads two typed dates in ISO or day.month.year, or one date', () => {
    expect(parseTypedPeriod('2030-04-01 2030-04-30')).toEqual({
      from: '2030-04-01',
      to: '2030-04-30',
    });
    expect(parseTypedPeriod(' 1.4.2030 - 30.04.2030 ')).toEqual({
      from: '2030-04-01',
      to: '2030-04-30',
    });
    expect(parseTypedPeriod('01.04.2030–02.04.2030')).toEqual({
      from: '2030-04-01',
      to: '2030-04-02',
    });
    expect(parseTypedPeriod('2030-04-05')).toEqual({ from: '2030-04-05', to: '2030-04-05' });
    expect(parseTypedPeriod('April')).toBeUndefined();
    expect(parseTypedPeriod('2030-02-30 2030-03-01')).toBeUndefined();
    expect(parseTypedPeriod('1 2 3')).toBeUndefined();
  });
});
