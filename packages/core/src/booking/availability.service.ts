import { DateTime } from 'luxon';
import {
  getServiceSchedule,
  listBlockedPeriods,
  listDateOverrides,
  type ServiceSchedule,
} from '../catalogue/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { getSettings, type Settings, type TimeInterval } from '../settings/index.js';
import { parseInput } from '../validation/index.js';
import {
  type AvailabilityRequest,
  type BusyPeriod,
  computeSlots,
  type DaySummary,
  type MergedSlot,
  mergeSlots,
  type Slot,
  type StaffSchedule,
  summarizeDays,
} from './availability.js';
import {
  ANY_SPECIALIST,
  type AvailabilityQuery,
  AvailabilityQuerySchema,
  type SpecialistChoice,
} from './booking.js';
import * as bookings from './booking.repository.js';

/** A performer of the service, as availability and booking see them. */
export type Candidate = ServiceSchedule['specialists'][number];

/** What {@link loadAvailability} gathers: the rules, the catalogue and the pure request. */
export interface LoadedAvailability {
  settings: Settings;
  schedule: ServiceSchedule;
  candidates: Candidate[];
  request: AvailabilityRequest;
  /** The specialists' schedules, by specialist id. */
  staffSchedules: Map<number, StaffSchedule>;
}

/** Options of {@link loadAvailability}. */
export interface LoadAvailabilityOptions {
  serviceId: number;
  staffId: SpecialistChoice;
  /** Local dates, inclusive. */
  from: string;
  to: string;
  now: Date;
  /** A booking whose own time must not count as busy (rescheduling it). */
  excludeBookingId?: number;
  /** A waitlist entry whose hold must not count as busy (accepting its offer). */
  excludeEntryId?: number;
  settings?: Settings;
  schedule?: ServiceSchedule;
}

/**
 * Loads everything availability needs for a service, some specialists and a range of
 * local dates: settings, performers and their hours, overrides, blocked periods,
 * occupying bookings and live waitlist holds. Independent reads run in parallel.
 * Does not check that the service is active or the specialist performs it.
 */
export async function loadAvailability(
  db: TenantExecutor,
  options: LoadAvailabilityOptions,
): Promise<LoadedAvailability> {
  const [settings, schedule] = await Promise.all([
    options.settings ?? getSettings(db),
    options.schedule ?? getServiceSchedule(db, options.serviceId),
  ]);
  const candidates =
    options.staffId === ANY_SPECIALIST
      ? schedule.specialists
      : schedule.specialists.filter((entry) => entry.specialist.id === options.staffId);
  const staffIds = candidates.map((entry) => entry.specialist.id);
  // A day of margin each side covers buffers and bookings crossing local midnight.
  const windowFrom = DateTime.fromISO(options.from, { zone: settings.timeZone })
    .minus({ days: 1 })
    .toJSDate();
  const windowUntil = DateTime.fromISO(options.to, { zone: settings.timeZone })
    .plus({ days: 2 })
    .toJSDate();
  const [overrides, blocked, busy] = await Promise.all([
    listDateOverrides(db, { from: options.from, to: options.to, staffIds }),
    listBlockedPeriods(db, { from: windowFrom, until: windowUntil, staffIds }),
    bookings.findBusyRanges(db, {
      staffIds,
      from: windowFrom,
      until: windowUntil,
      now: options.now,
      excludeBookingId: options.excludeBookingId,
      excludeEntryId: options.excludeEntryId,
    }),
  ]);

  const businessOverrides = new Map<string, TimeInterval[]>();
  const staffOverrides = new Map<number, Map<string, TimeInterval[]>>();
  for (const override of overrides) {
    if (override.staffId === null) {
      businessOverrides.set(override.date, override.intervals);
    } else {
      const own = staffOverrides.get(override.staffId) ?? new Map<string, TimeInterval[]>();
      own.set(override.date, override.intervals);
      staffOverrides.set(override.staffId, own);
    }
  }
  const busyByStaff = new Map<number, BusyPeriod[]>(staffIds.map((id) => [id, []]));
  for (const period of blocked) {
    const periodBusy: BusyPeriod = {
      from: period.startsAt.getTime(),
      until: period.endsAt.getTime(),
      kind: 'blocked',
    };
    if (period.staffId === null) {
      for (const list of busyByStaff.values()) {
        list.push(periodBusy);
      }
    } else {
      busyByStaff.get(period.staffId)?.push(periodBusy);
    }
  }
  for (const row of busy) {
    busyByStaff.get(row.staff_id)?.push({ from: row.from_ms, until: row.until_ms, kind: row.kind });
  }

  const staffSchedules = new Map<number, StaffSchedule>();
  for (const candidate of candidates) {
    const id = candidate.specialist.id;
    staffSchedules.set(id, {
      staffId: id,
      durationMinutes: candidate.terms.durationMinutes,
      bufferBeforeMinutes: schedule.service.bufferBeforeMinutes,
      bufferAfterMinutes: schedule.service.bufferAfterMinutes,
      weeklyHours: candidate.weeklyHours,
      overrides: staffOverrides.get(id) ?? new Map(),
      busy: busyByStaff.get(id) ?? [],
    });
  }
  return {
    settings,
    schedule,
    candidates,
    staffSchedules,
    request: {
      rules: {
        timeZone: settings.timeZone,
        slotStepMinutes: settings.slotStepMinutes,
        minNoticeMinutes: settings.minNoticeMinutes,
        bookingHorizonDays: settings.bookingHorizonDays,
      },
      now: options.now,
      from: options.from,
      to: options.to,
      staff: [...staffSchedules.values()],
      businessOverrides,
    },
  };
}

/**
 * Refuses a query or booking for an inactive service, or for a specialist who does
 * not (actively) perform it.
 *
 * @throws AppError `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`.
 */
export function assertBookable(
  loaded: Pick<LoadedAvailability, 'schedule' | 'candidates'>,
  staffId: SpecialistChoice,
): void {
  if (!loaded.schedule.service.active) {
    throw new AppError('SERVICE_INACTIVE', {
      message: `Service ${loaded.schedule.service.id} is not active`,
      details: { serviceId: loaded.schedule.service.id },
    });
  }
  if (loaded.candidates.length === 0) {
    throw new AppError('STAFF_CANNOT_PERFORM', {
      message:
        staffId === ANY_SPECIALIST
          ? `Nobody performs service ${loaded.schedule.service.id}`
          : `Specialist ${staffId} does not perform service ${loaded.schedule.service.id}`,
      details: { serviceId: loaded.schedule.service.id, staffId },
    });
  }
}

/** Free slots of a service between two local dates. */
export interface AvailableSlots {
  /** The tenant's IANA zone, in which the bot should print the times. */
  timeZone: string;
  /** Every free (specialist, start), by start and then specialist order. */
  slots: Slot[];
  /** One entry per free start time with the specialists free then ("any"). */
  times: MergedSlot[];
}

/**
 * Free slots for a service with a specialist or `any`, between two local dates
 * (inclusive, in the tenant's zone, at most 62 days), per the rules of
 * `computeSlots` and the tenant's settings.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND` (service), `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`.
 */
export async function getAvailableSlots(
  db: TenantExecutor,
  query: AvailabilityQuery,
  now: Date = new Date(),
): Promise<AvailableSlots> {
  const data = parseInput(AvailabilityQuerySchema, query, 'availability query');
  const loaded = await loadAvailability(db, { ...data, now });
  assertBookable(loaded, data.staffId);
  const slots = computeSlots(loaded.request);
  return { timeZone: loaded.settings.timeZone, slots, times: mergeSlots(slots) };
}

/**
 * A calendar of one month (`yyyy-MM`, in the tenant's zone) for a service with a
 * specialist or `any`: each day `free`, `few`, `full`, `closed` or `past`.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND`, `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`.
 */
export async function getMonthSummary(
  db: TenantExecutor,
  query: { serviceId: number; staffId: SpecialistChoice; month: string },
  now: Date = new Date(),
): Promise<DaySummary[]> {
  const month = DateTime.fromFormat(query.month, 'yyyy-MM', { zone: 'utc' });
  if (!month.isValid) {
    throw new AppError('VALIDATION', {
      message: `Invalid month ${query.month}, expected yyyy-MM`,
      details: { what: 'month', issues: [{ path: 'month', message: 'expected yyyy-MM' }] },
    });
  }
  const from = month.startOf('month').toFormat('yyyy-MM-dd');
  const to = month.endOf('month').toFormat('yyyy-MM-dd');
  const data = parseInput(
    AvailabilityQuerySchema,
    { serviceId: query.serviceId, staffId: query.staffId, from, to },
    'availability query',
  );
  const loaded = await loadAvailability(db, { ...data, now });
  assertBookable(loaded, data.staffId);
  return summarizeDays(loaded.request);
}
