/**
 * The booking benchmark's salon and calendar. Everything is placed relative to the
 * benchmark's clock in the tenant's zone (local dates, weekdays, 09:00 to 18:00 local),
 * so the data hold at any instant and in any zone, days of a daylight-saving change
 * included: no booking falls before the minimum notice, past the horizon or outside the
 * specialists' hours, whenever the clock says it is.
 */
import {
  addDays,
  assignService,
  bookAppointment,
  createService,
  createSpecialist,
  localDateIn,
  localTimeIn,
  type TenantExecutor,
  updateSettings,
  upsertClient,
} from '@booking/core';

/** The benchmark's clock and place. */
export interface SalonCalendar {
  now: Date;
  /** IANA zone of the tenant. */
  timeZone: string;
}

/** One specialist's start time. */
export interface SlotRef {
  staffId: number;
  startsAt: Date;
}

/** How big a salon {@link seedSalon} makes. */
export interface SalonSize {
  specialists: number;
  clients: number;
  /** Confirmed bookings from tomorrow on, within {@link SEEDED_DAYS} days. */
  bookings: number;
}

/**
 * The seeded bookings lie within this many days after today: 2,000 of them fill about
 * the next three months; the writers of the benchmark book from day 120 on.
 */
export const SEEDED_DAYS = 119;
/** Bookable this many days ahead: the seeded months and the writers' slots after them. */
const HORIZON_DAYS = 366;
/** The specialists' hours, local, Monday to Friday (the tenant's default hours). */
const OPENS_MINUTES = 9 * 60;
const CLOSES_MINUTES = 18 * 60;

/**
 * The instant at which the wall clock of `timeZone` reads `date` `minutes` after
 * midnight. Meant for times that exist once (09:00 to 18:00): a time skipped or repeated
 * by a daylight-saving change is not asked for.
 */
export function zonedInstant(timeZone: string, date: string, minutes: number): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // Start from the wall time read as UTC and correct by the zone's offset there; a
  // second pass settles a guess that fell across an offset change.
  let instant = wall;
  for (let pass = 0; pass < 2; pass++) {
    const local = Date.parse(
      `${localDateIn(timeZone, instant)}T${localTimeIn(timeZone, instant)}:00Z`,
    );
    instant += wall - local;
  }
  return new Date(instant);
}

/**
 * The months a client opens, over the seeded bookings: the month of tomorrow (local) and
 * the next two. From tomorrow, because on a month's last day its own view is all past.
 */
export function salonMonths(calendar: SalonCalendar): string[] {
  const tomorrow = addDays(localDateIn(calendar.timeZone, calendar.now.getTime()), 1);
  const [year, month] = tomorrow.split('-').map(Number) as [number, number];
  return [0, 1, 2].map((delta) =>
    new Date(Date.UTC(year, month - 1 + delta, 1)).toISOString().slice(0, 7),
  );
}

/**
 * Every slot of every specialist on weekdays, `stepMinutes` apart from 09:00 to 18:00
 * local, from `firstDay` to `lastDay` days after the clock's local date.
 */
export function* daySlots(
  calendar: SalonCalendar,
  staffIds: readonly number[],
  firstDay: number,
  lastDay = HORIZON_DAYS,
  stepMinutes = 60,
): Generator<SlotRef> {
  const today = localDateIn(calendar.timeZone, calendar.now.getTime());
  for (let day = firstDay; day <= lastDay; day += 1) {
    const date = addDays(today, day);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) {
      continue;
    }
    for (let minute = OPENS_MINUTES; minute < CLOSES_MINUTES; minute += stepMinutes) {
      for (const staffId of staffIds) {
        yield { staffId, startsAt: zonedInstant(calendar.timeZone, date, minute) };
      }
    }
  }
}

/**
 * Fills an empty tenant: settings, one 60-minute service, `size.specialists` specialists
 * with the default hours, `size.clients` clients and `size.bookings` confirmed bookings
 * from tomorrow on, two hourly slots in three (a busy salon), written `writers` at once.
 */
export async function seedSalon(
  db: TenantExecutor,
  calendar: SalonCalendar,
  size: SalonSize,
  writers: number,
): Promise<{ serviceId: number; staffIds: number[]; clientIds: number[] }> {
  await updateSettings(db, {
    timeZone: calendar.timeZone,
    bookingHorizonDays: HORIZON_DAYS,
    maxActiveBookingsPerClient: 100,
    minNoticeMinutes: 60,
  });
  const service = await createService(db, {
    name: 'Haircut',
    durationMinutes: 60,
    priceMinor: 200_000,
  });
  const staffIds: number[] = [];
  for (let index = 0; index < size.specialists; index += 1) {
    const specialist = await createSpecialist(db, {
      name: `Master ${index + 1}`,
      sortOrder: index,
    });
    await assignService(db, { staffId: specialist.id, serviceId: service.id });
    staffIds.push(specialist.id);
  }
  const clientIds: number[] = [];
  for (let start = 0; start < size.clients; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, size.clients - start) }, (_, offset) =>
        upsertClient(db, {
          telegramUserId: 1_000_000 + start + offset,
          name: `Client ${start + offset}`,
        }),
      ),
    );
    clientIds.push(...batch.map((client) => client.id));
  }

  // Tomorrow on: today's times may already be past the minimum notice.
  const candidates: SlotRef[] = [];
  const slots = daySlots(calendar, staffIds, 1, SEEDED_DAYS);
  for (let index = 0; candidates.length < size.bookings; index += 1) {
    const next = slots.next();
    if (next.done) {
      throw new Error(`${SEEDED_DAYS} days hold fewer than ${size.bookings} bookings`);
    }
    if (index % 3 !== 2) {
      candidates.push(next.value);
    }
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < candidates.length) {
        const index = next;
        next += 1;
        const slot = candidates[index] as SlotRef;
        await bookAppointment(
          db,
          {
            clientId: clientIds[index % clientIds.length] as number,
            serviceId: service.id,
            staffId: slot.staffId,
            startsAt: slot.startsAt,
          },
          { now: calendar.now, actor: { kind: 'system', name: 'bench-seed' } },
        );
      }
    }),
  );
  return { serviceId: service.id, staffIds, clientIds };
}
