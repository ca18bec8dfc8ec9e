import {
  assignService,
  bookAppointment,
  createService,
  getMonthSummary,
  localDateIn,
  localTimeIn,
} from '@booking/core';
import { createTestTenant } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';
import { daySlots, type SalonCalendar, salonMonths, seedSalon, zonedInstant } from './salon.js';

describe("the booking benchmark's salon holds at any instant", () => {
  it.each([
    { when: 'on a Thursday at 12:00 UTC', now: '2027-01-07T12:00:00Z', timeZone: 'Europe/Moscow' },
    {
      when: 'on a Saturday at 23:30 local, the last day of a month',
      now: '2027-07-31T20:30:00Z',
      timeZone: 'Europe/Moscow',
    },
    // 02:30 for the first time; at 03:00 the clocks go back to 02:00.
    { when: 'in the night clocks go back', now: '2027-10-31T00:30:00Z', timeZone: 'Europe/Berlin' },
    // 01:30; at 02:00 the clocks go forward to 03:00.
    {
      when: 'in the night clocks go forward',
      now: '2027-03-14T06:30:00Z',
      timeZone: 'America/New_York',
    },
  ])('$when', async ({ now, timeZone }) => {
    const calendar: SalonCalendar = { now: new Date(now), timeZone };
    const tenant = await createTestTenant({ timeZone });
    try {
      // Every seeded booking goes through the client path's rules: each one outside the
      // hours, before the minimum notice or past the horizon would throw.
      const salon = await seedSalon(
        tenant.db,
        calendar,
        { specialists: 2, clients: 4, bookings: 30 },
        2,
      );
      for (const month of salonMonths(calendar)) {
        const days = await getMonthSummary(
          tenant.db,
          { serviceId: salon.serviceId, staffId: 'any', month },
          calendar.now,
        );
        expect(days.some((day) => day.status === 'free' || day.status === 'few')).toBe(true);
      }
      // The writers' first slots, four months out, as the benchmark's (b) books them.
      const trim = await createService(tenant.db, {
        name: 'Trim',
        durationMinutes: 30,
        priceMinor: 90_000,
      });
      for (const staffId of salon.staffIds) {
        await assignService(tenant.db, { staffId, serviceId: trim.id });
      }
      const writerSlots = daySlots(calendar, salon.staffIds, 120, 360, 30);
      for (let index = 0; index < 4; index++) {
        const slot = writerSlots.next().value;
        if (!slot) {
          throw new Error('no slot for the writers');
        }
        const booked = await bookAppointment(
          tenant.db,
          {
            clientId: salon.clientIds[index] as number,
            serviceId: trim.id,
            staffId: slot.staffId,
            startsAt: slot.startsAt,
          },
          { now: calendar.now },
        );
        expect(booked.startsAt).toEqual(slot.startsAt);
      }
    } finally {
      await tenant.dispose();
    }
  });

  it('places a local time on the right instant across a change of offset', () => {
    // New York: EST (-05:00) before 2027-03-14 02:00, EDT (-04:00) after.
    expect(zonedInstant('America/New_York', '2027-03-13', 9 * 60).toISOString()).toBe(
      '2027-03-13T14:00:00.000Z',
    );
    expect(zonedInstant('America/New_York', '2027-03-15', 9 * 60).toISOString()).toBe(
      '2027-03-15T13:00:00.000Z',
    );
    const instant = zonedInstant('Europe/Berlin', '2027-10-31', 17 * 60 + 30).getTime();
    expect([localDateIn('Europe/Berlin', instant), localTimeIn('Europe/Berlin', instant)]).toEqual([
      '2027-10-31',
      '17:30',
    ]);
  });
});
