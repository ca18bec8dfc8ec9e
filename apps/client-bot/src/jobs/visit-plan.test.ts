import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plannedReminders, reminderStillUseful } from './visit-plan.js';

const MIN = 60_000;
const START = new Date('2030-01-08T10:00:00.000Z');
const minutesBefore = (minutes: number) => new Date(START.getTime() - minutes * MIN);

describe('plannedReminders', () => {
  it('plans every reminder still ahead, with its delay', () => {
    const booking = { startsAt: START, updatedAt: minutesBefore(3 * 1440) };
    expect(plannedReminders(booking, [1440, 120], minutesBefore(1500))).toEqual([
      { offsetMinutes: 1440, delayMs: 60 * MIN },
      { offsetMinutes: 120, delayMs: 1380 * MIN },
    ]);
  });

  it('sends the latest overdue reminder late, once, while the visit is still to come', () => {
    const booking = { startsAt: START, updatedAt: minutesBefore(3 * 1440) };
    // Both came due while nothing ran: only the 2-hour one is owed.
    expect(plannedReminders(booking, [1440, 120], minutesBefore(60))).toEqual([
      { offsetMinutes: 120, delayMs: 0 },
    ]);
    expect(plannedReminders(booking, [1440, 120], START)).toEqual([]);
  });

  it('owes no reminder that was due before the booking was made or moved', () => {
    // Booked 90 minutes ahead: the 2-hour reminder was never owed.
    const booking = { startsAt: START, updatedAt: minutesBefore(90) };
    expect(plannedReminders(booking, [1440, 120], minutesBefore(85))).toEqual([]);
  });

  it('plans at most one overdue reminder, the latest owed, and every future one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 5, max: 20_160 }), { maxLength: 5 }),
        fc.integer({ min: -100, max: 30_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        (offsets, nowBefore, updatedBefore) => {
          const now = minutesBefore(nowBefore);
          const booking = { startsAt: START, updatedAt: minutesBefore(updatedBefore) };
          const planned = plannedReminders(booking, offsets, now);
          const future = offsets.filter((offset) => offset < nowBefore);
          const owed = offsets.filter(
            (offset) => offset >= nowBefore && offset < updatedBefore && nowBefore > 0,
          );
          expect(planned.filter((p) => p.delayMs > 0).map((p) => p.offsetMinutes)).toEqual(future);
          const late = planned.filter((p) => p.delayMs === 0).map((p) => p.offsetMinutes);
          expect(late).toEqual(owed.length > 0 ? [Math.min(...owed)] : []);
        },
      ),
    );
  });
});

describe('reminderStillUseful', () => {
  it('drops a reminder once the visit began, or when a later one is due too', () => {
    expect(reminderStillUseful(START, [1440, 120], 120, minutesBefore(1))).toBe(true);
    expect(reminderStillUseful(START, [1440, 120], 120, START)).toBe(false);
    expect(reminderStillUseful(START, [1440, 120], 1440, minutesBefore(1000))).toBe(true);
    expect(reminderStillUseful(START, [1440, 120], 1440, minutesBefore(100))).toBe(false);
  });
});
