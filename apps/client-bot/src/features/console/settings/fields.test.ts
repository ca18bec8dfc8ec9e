import { SettingsSchema } from '@booking/core';
import { describe, expect, it } from 'vitest';
import { parseFieldValue, parseWeek, SETTING_FIELDS, showFieldValue, showWeek } from './fields.js';

const dayName = (day: number) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day - 1] ?? '?';

describe('settings fields', () => {
  it('offers every key of the engine settings, once', () => {
    const keys = SETTING_FIELDS.map((field) => field.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(SettingsSchema.shape).sort());
  });

  it('reads weekly hours by day ranges, with breaks and days off', () => {
    expect(parseWeek('1-5 09:00-13:00, 14:00-18:00\n6 10:00-16:00\n7 off')).toEqual({
      '1': [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      '2': [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      '3': [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      '4': [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      '5': [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      '6': [{ start: '10:00', end: '16:00' }],
      '7': [],
    });
    // `;` parts days when a day follows, and intervals of one day otherwise.
    expect(parseWeek('2 9:00-12:00; 13:00-17:00; 4–6 10:00–20:00')).toEqual({
      '2': [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
      '4': [{ start: '10:00', end: '20:00' }],
      '5': [{ start: '10:00', end: '20:00' }],
      '6': [{ start: '10:00', end: '20:00' }],
    });
  });

  it('refuses what is not weekly hours', () => {
    for (const typed of [
      '',
      'weekdays 9-18',
      '8 09:00-18:00',
      '5-1 09:00-18:00',
      '1-5',
      '1 9-18',
    ]) {
      expect(parseWeek(typed), typed).toBeUndefined();
    }
  });

  it('shows weekly hours with consecutive equal days together', () => {
    const week = parseWeek('1-3 09:00-18:00\n4 09:00-13:00, 14:00-18:00\n5 09:00-18:00\n7 off');
    expect(week && showWeek(week, dayName)).toBe(
      'Mon–Wed 09:00–18:00; Thu 09:00–13:00, 14:00–18:00; Fri 09:00–18:00',
    );
    expect(showWeek({}, dayName)).toBe('');
  });

  it('shows what it reads, for every kind of setting', () => {
    const week = SETTING_FIELDS.find((field) => field.kind === 'week');
    const list = SETTING_FIELDS.find((field) => field.kind === 'list');
    if (!week || !list) {
      throw new Error('a week and a list setting are expected');
    }
    expect(showFieldValue(week, parseFieldValue(week, '6 10:00-14:00'), dayName)).toBe(
      'Sat 10:00–14:00',
    );
    expect(showFieldValue(list, parseFieldValue(list, '1440; 60'), dayName)).toBe('1440, 60');
  });
});
