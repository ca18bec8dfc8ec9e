import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TimeInterval } from '../settings/index.js';
import {
  type AvailabilityRequest,
  type AvailabilityRules,
  type BusyPeriod,
  checkSlot,
  computeSlots,
  mergeSlots,
  type StaffSchedule,
  summarizeDays,
} from './availability.js';
import { localDateIn, localTimeIn } from './local-time.js';

const MOSCOW: AvailabilityRules = {
  timeZone: 'Europe/Moscow',
  slotStepMinutes: 30,
  minNoticeMinutes: 0,
  bookingHorizonDays: 60,
};
const NINE_TO_SIX = [{ start: '09:00', end: '18:00' }];
const WEEKDAYS = {
  '1': NINE_TO_SIX,
  '2': NINE_TO_SIX,
  '3': NINE_TO_SIX,
  '4': NINE_TO_SIX,
  '5': NINE_TO_SIX,
};

function staff(overrides: Partial<StaffSchedule> = {}): StaffSchedule {
  return {
    staffId: 1,
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    weeklyHours: WEEKDAYS,
    overrides: new Map(),
    busy: [],
    ...overrides,
  };
}

function request(overrides: Partial<AvailabilityRequest> = {}): AvailabilityRequest {
  return {
    rules: MOSCOW,
    // Sunday 1 March 2026, 12:00 in Moscow.
    now: local('2026-03-01T12:00', 'Europe/Moscow'),
    from: '2026-03-02',
    to: '2026-03-02',
    staff: [staff()],
    businessOverrides: new Map(),
    ...overrides,
  };
}

function local(isoLocal: string, zone: string): Date {
  return DateTime.fromISO(isoLocal, { zone }).toJSDate();
}

/** Local `HH:mm` of each slot start, as a person would read the buttons. */
function times(slots: { startsAt: Date }[], zone = 'Europe/Moscow'): string[] {
  return slots.map((slot) => DateTime.fromJSDate(slot.startsAt, { zone }).toFormat('HH:mm'));
}

function busy(from: string, until: string, kind: BusyPeriod['kind'] = 'booking'): BusyPeriod {
  return {
    from: local(from, 'Europe/Moscow').getTime(),
    until: local(until, 'Europe/Moscow').getTime(),
    kind,
  };
}

describe('computeSlots', () => {
  it('offers every step of a plain working day in the tenant zone', () => {
    const slots = computeSlots(request());
    expect(slots).toHaveLength(17);
    expect(times(slots)[0]).toBe('09:00');
    expect(times(slots).at(-1)).toBe('17:00');
    // Moscow is UTC+3 all year.
    expect(slots[0]?.startsAt.toISOString()).toBe('2026-03-02T06:00:00.000Z');
    expect(slots[0]?.endsAt.toISOString()).toBe('2026-03-02T07:00:00.000Z');
  });

  it('gives nothing on a day without hours', () => {
    expect(computeSlots(request({ from: '2026-03-07', to: '2026-03-08' }))).toEqual([]);
  });

  it('never lets an appointment span a break', () => {
    const withBreak = staff({
      weeklyHours: {
        '1': [
          { start: '09:00', end: '13:00' },
          { start: '14:00', end: '18:00' },
        ],
      },
    });
    const slotTimes = times(computeSlots(request({ staff: [withBreak] })));
    expect(slotTimes).toContain('12:00');
    expect(slotTimes).not.toContain('12:30');
    expect(slotTimes).not.toContain('13:00');
    expect(slotTimes).not.toContain('13:30');
    expect(slotTimes).toContain('14:00');
    expect(slotTimes).toHaveLength(7 + 7);
  });

  it('keeps buffers clear of existing bookings', () => {
    const buffered = staff({
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
      busy: [busy('2026-03-02T12:00', '2026-03-02T13:00')],
    });
    const slotTimes = times(computeSlots(request({ staff: [buffered] })));
    // 10:30-11:30 plus 15 min clean-up still ends before 12:00; 11:00 would not.
    expect(slotTimes).toContain('10:30');
    expect(slotTimes).not.toContain('11:00');
    expect(slotTimes).not.toContain('12:00');
    expect(slotTimes).not.toContain('13:00');
    expect(slotTimes).toContain('13:30');
  });

  it('lets a buffer reach outside working hours but not into a booking', () => {
    const buffered = staff({ bufferBeforeMinutes: 30, bufferAfterMinutes: 30 });
    const slotTimes = times(computeSlots(request({ staff: [buffered] })));
    expect(slotTimes[0]).toBe('09:00');
    expect(slotTimes.at(-1)).toBe('17:00');
  });

  it('applies a specialist override: special hours and a day off', () => {
    const special = staff({
      overrides: new Map<string, TimeInterval[]>([
        ['2026-03-02', [{ start: '12:00', end: '14:00' }]],
        ['2026-03-03', []],
      ]),
    });
    const slots = computeSlots(request({ staff: [special], to: '2026-03-04' }));
    const byDate = (date: string) =>
      slots.filter((slot) => slot.startsAt.toISOString().startsWith(date));
    expect(times(byDate('2026-03-02'))).toEqual(['12:00', '12:30', '13:00']);
    expect(byDate('2026-03-03')).toEqual([]);
    expect(byDate('2026-03-04')).toHaveLength(17);
  });

  it('narrows everyone with a business override and closes with a business day off', () => {
    const businessOverrides = new Map<string, TimeInterval[]>([
      ['2026-03-02', [{ start: '07:00', end: '11:00' }]],
      ['2026-03-03', []],
    ]);
    const slots = computeSlots(request({ businessOverrides, to: '2026-03-03' }));
    expect(times(slots)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('skips blocked periods', () => {
    const blocked = staff({ busy: [busy('2026-03-02T09:00', '2026-03-02T15:00', 'blocked')] });
    expect(times(computeSlots(request({ staff: [blocked] })))).toEqual([
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ]);
  });

  it('respects the minimum notice', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, minNoticeMinutes: 60 },
        now: local('2026-03-02T09:10', 'Europe/Moscow'),
      }),
    );
    expect(times(slots)[0]).toBe('10:30');
  });

  it('gives nothing in the past or beyond the horizon', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, bookingHorizonDays: 3 },
        now: local('2026-03-03T12:00', 'Europe/Moscow'),
        from: '2026-03-02',
        to: '2026-03-13',
      }),
    );
    const dates = new Set(slots.map((slot) => slot.startsAt.toISOString().slice(0, 10)));
    // Today from 12:00 on, then up to today + 3 days; Saturday 7th is a day off.
    expect([...dates]).toEqual(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    expect(times(slots)[0]).toBe('12:00');
  });

  it('merges specialists for "any" in preference order', () => {
    const anna = staff({ staffId: 7, busy: [busy('2026-03-02T10:00', '2026-03-02T11:00')] });
    const boris = staff({ staffId: 3, weeklyHours: { '1': [{ start: '10:00', end: '12:00' }] } });
    const merged = mergeSlots(computeSlots(request({ staff: [anna, boris] })));
    const at = (time: string) =>
      merged.find(
        (slot) =>
          DateTime.fromJSDate(slot.startsAt, { zone: 'Europe/Moscow' }).toFormat('HH:mm') === time,
      )?.staffIds;
    expect(at('09:00')).toEqual([7]);
    expect(at('09:30')).toBeUndefined();
    expect(at('10:00')).toEqual([3]);
    expect(at('10:30')).toEqual([3]);
    expect(at('11:00')).toEqual([7, 3]);
    expect(at('11:30')).toEqual([7]);
    expect(merged).toHaveLength(16);
  });
});

describe('computeSlots on DST transition days', () => {
  const allNight = { '7': [{ start: '00:00', end: '06:00' }] };

  it('Europe/Madrid spring forward: 02:00-03:00 does not exist', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'Europe/Madrid', slotStepMinutes: 60 },
        now: local('2026-03-27T12:00', 'Europe/Madrid'),
        from: '2026-03-29',
        to: '2026-03-29',
        staff: [staff({ weeklyHours: allNight })],
      }),
    );
    expect(times(slots, 'Europe/Madrid')).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
    expect(slots.map((slot) => slot.startsAt.toISOString().slice(11, 16))).toEqual([
      '23:00',
      '00:00',
      '01:00',
      '02:00',
      '03:00',
    ]);
  });

  it('Europe/Madrid fall back: 02:00-03:00 happens twice', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'Europe/Madrid', slotStepMinutes: 60 },
        now: local('2026-10-23T12:00', 'Europe/Madrid'),
        from: '2026-10-25',
        to: '2026-10-25',
        staff: [staff({ weeklyHours: allNight })],
      }),
    );
    expect(times(slots, 'Europe/Madrid')).toEqual([
      '00:00',
      '01:00',
      '02:00',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
    ]);
    // Seven distinct real hours, one hour apart.
    const starts = slots.map((slot) => slot.startsAt.getTime());
    expect(new Set(starts).size).toBe(7);
    expect(
      starts.every((start, index) => index === 0 || start - (starts[index - 1] ?? 0) === 3_600_000),
    ).toBe(true);
  });

  it('Europe/Madrid: day hours keep their wall-clock times across the change', () => {
    const sundays = { '7': NINE_TO_SIX };
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'Europe/Madrid' },
        now: local('2026-03-20T12:00', 'Europe/Madrid'),
        from: '2026-03-22',
        to: '2026-03-29',
        staff: [staff({ weeklyHours: sundays })],
      }),
    );
    const firsts = slots.filter(
      (slot) =>
        DateTime.fromJSDate(slot.startsAt, { zone: 'Europe/Madrid' }).toFormat('HH:mm') === '09:00',
    );
    expect(firsts.map((slot) => slot.startsAt.toISOString())).toEqual([
      '2026-03-22T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
    expect(slots).toHaveLength(17 * 2);
  });

  it('America/New_York spring forward with a 90-minute service across the gap', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'America/New_York', slotStepMinutes: 30 },
        now: local('2026-03-06T12:00', 'America/New_York'),
        from: '2026-03-08',
        to: '2026-03-08',
        staff: [
          staff({ durationMinutes: 90, weeklyHours: { '7': [{ start: '01:00', end: '05:00' }] } }),
        ],
      }),
    );
    // 01:00 EST to 05:00 EDT is three real hours: starts every 30 min while 90 min fit.
    expect(times(slots, 'America/New_York')).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(slots[1]?.endsAt.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('America/New_York fall back: business hours move with the offset', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'America/New_York' },
        now: local('2026-10-30T12:00', 'America/New_York'),
        from: '2026-10-31',
        to: '2026-11-01',
        staff: [
          staff({ weeklyHours: { '6': NINE_TO_SIX, '7': [{ start: '00:00', end: '04:00' }] } }),
        ],
      }),
    );
    const saturday = slots.filter(
      (slot) => slot.startsAt < local('2026-11-01T00:00', 'America/New_York'),
    );
    const sunday = slots.filter(
      (slot) => slot.startsAt >= local('2026-11-01T00:00', 'America/New_York'),
    );
    expect(saturday[0]?.startsAt.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(saturday).toHaveLength(17);
    // 00:00 EDT to 04:00 EST is five real hours: 9 starts of a 60-minute service.
    expect(sunday).toHaveLength(9);
    expect(times(sunday, 'America/New_York')).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '03:00',
    ]);
  });

  it('America/New_York: minimum notice counts real time across the jump', () => {
    const slots = computeSlots(
      request({
        rules: { ...MOSCOW, timeZone: 'America/New_York', minNoticeMinutes: 120 },
        now: local('2026-03-08T01:30', 'America/New_York'),
        from: '2026-03-08',
        to: '2026-03-08',
        staff: [staff({ weeklyHours: { '7': [{ start: '00:00', end: '08:00' }] } })],
      }),
    );
    // 01:30 EST plus two real hours is 04:30 EDT.
    expect(times(slots, 'America/New_York')[0]).toBe('04:30');
  });
});

describe('summarizeDays', () => {
  it('marks past, closed, full, few and free days', () => {
    const fullDay = busy('2026-03-04T00:00', '2026-03-05T00:00');
    const almostFull = busy('2026-03-05T09:00', '2026-03-05T16:00');
    const summary = summarizeDays(
      request({
        rules: { ...MOSCOW, bookingHorizonDays: 10 },
        now: local('2026-03-03T12:00', 'Europe/Moscow'),
        from: '2026-03-01',
        to: '2026-03-31',
        staff: [staff({ busy: [fullDay, almostFull] })],
      }),
    );
    const status = Object.fromEntries(summary.map((day) => [day.date, day.status]));
    expect(summary).toHaveLength(31);
    expect(status['2026-03-02']).toBe('past');
    expect(status['2026-03-03']).toBe('free');
    expect(status['2026-03-04']).toBe('full');
    expect(status['2026-03-05']).toBe('few');
    expect(status['2026-03-06']).toBe('free');
    expect(status['2026-03-07']).toBe('closed');
    expect(status['2026-03-13']).toBe('free');
    expect(status['2026-03-16']).toBe('closed');
    expect(summary.find((day) => day.date === '2026-03-05')?.freeSlots).toBe(3);
  });

  it('calls today past once no start is left after the notice', () => {
    const [today] = summarizeDays(
      request({
        now: local('2026-03-02T17:30', 'Europe/Moscow'),
        from: '2026-03-02',
        to: '2026-03-02',
      }),
    );
    expect(today?.status).toBe('past');
  });

  it('counts a time once when several specialists are free then', () => {
    const [day] = summarizeDays(request({ staff: [staff(), staff({ staffId: 2 })] }));
    expect(day).toEqual({ date: '2026-03-02', status: 'free', freeSlots: 17 });
  });
});

describe('checkSlot', () => {
  const now = local('2026-03-02T08:00', 'Europe/Moscow');
  const rules = { ...MOSCOW, minNoticeMinutes: 60, bookingHorizonDays: 5 };
  const check = (startsAt: string, schedule: StaffSchedule = staff()) =>
    checkSlot(rules, now, schedule, new Map(), local(startsAt, 'Europe/Moscow'));

  it('accepts a free start, on the grid or not', () => {
    expect(check('2026-03-02T10:10')).toEqual({
      ok: true,
      endsAt: local('2026-03-02T11:10', 'Europe/Moscow'),
    });
  });

  it('names the reason a start is refused', () => {
    const booked = staff({
      bufferAfterMinutes: 10,
      busy: [
        busy('2026-03-02T12:00', '2026-03-02T13:00'),
        busy('2026-03-02T15:00', '2026-03-02T16:00', 'blocked'),
      ],
    });
    expect(check('2026-03-02T08:30')).toEqual({ ok: false, reason: 'TOO_SOON' });
    expect(check('2026-03-08T10:00')).toEqual({ ok: false, reason: 'TOO_FAR' });
    expect(check('2026-03-02T17:30')).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(check('2026-03-07T10:00')).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(check('2026-03-02T15:30', booked)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(check('2026-03-02T11:00', booked)).toEqual({ ok: false, reason: 'SLOT_TAKEN' });
    // 10:55 + 60 min + 10 min clean-up runs into the 12:00 booking; 10:50 just fits.
    expect(check('2026-03-02T10:55', booked)).toEqual({ ok: false, reason: 'SLOT_TAKEN' });
    expect(check('2026-03-02T10:50', booked).ok).toBe(true);
    expect(check('2026-03-02T13:00', booked).ok).toBe(true);
  });
});

describe('localDateIn and localTimeIn', () => {
  // Days with a transition near local midnight, and zones whose offsets are not whole
  // hours, where a memo of offsets by quarter hour could go wrong.
  const cases: Array<[zone: string, day: string]> = [
    ['Europe/Madrid', '2030-03-31'],
    ['Europe/Madrid', '2030-10-27'],
    ['America/New_York', '2030-03-10'],
    ['America/New_York', '2030-11-03'],
    ['America/Santiago', '2030-04-07'],
    ['America/Santiago', '2030-09-08'],
    ['Australia/Lord_Howe', '2030-04-07'],
    ['Australia/Lord_Howe', '2030-10-06'],
    ['Pacific/Chatham', '2030-04-07'],
    ['Asia/Kathmandu', '2030-06-01'],
  ];

  it.each(cases)('agrees with luxon minute by minute in %s around %s', (zone, day) => {
    const from = Date.parse(`${day}T00:00:00Z`) - 36 * 3_600_000;
    const until = from + 72 * 3_600_000;
    const mismatches: string[] = [];
    for (let instant = from; instant < until; instant += 60_000) {
      const expected = DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
      const actual = `${localDateIn(zone, instant)} ${localTimeIn(zone, instant)}`;
      if (actual !== expected) {
        mismatches.push(`${new Date(instant).toISOString()}: ${actual} instead of ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
