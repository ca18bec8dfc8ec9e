import { DateTime } from 'luxon';
import type { Service, ServiceSchedule } from '../catalogue/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import {
  parseSettingsText,
  type Settings,
  type TimeInterval,
  type WeeklyHours,
} from '../settings/index.js';
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
import { findSchedulingSnapshot, type SnapshotPerformer } from './availability.repository.js';
import {
  ANY_SPECIALIST,
  type AvailabilityQuery,
  AvailabilityQuerySchema,
  type SpecialistChoice,
} from './booking.js';
import { localDateIn } from './local-time.js';

/** A performer of the service, as availability and booking see them. */
export type Candidate = ServiceSchedule['specialists'][number];

/** An occupying booking of the client that has not ended yet. */
export interface UpcomingBooking {
  id: number;
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** What {@link loadAvailability} gathers: the rules, the catalogue and the pure request. */
export interface LoadedAvailability {
  settings: Settings;
  schedule: ServiceSchedule;
  candidates: Candidate[];
  request: AvailabilityRequest;
  /** The specialists' schedules, by specialist id. */
  staffSchedules: Map<number, StaffSchedule>;
  /** The client's upcoming bookings, when a client was asked for (else empty). */
  clientUpcoming: UpcomingBooking[];
  /** The client, when `clientId` or `clientTelegramUserId` was given and exists. */
  client?: {
    id: number;
    name: string;
    phone: string | null;
    telegramUserId: number | null;
    blocked: boolean;
    /** See `clients.booking_version`: bumped by every change to the client's bookings. */
    bookingVersion: number;
  };
}

/** Options of {@link loadAvailability}. */
export interface LoadAvailabilityOptions {
  serviceId: number;
  staffId: SpecialistChoice;
  /** Local dates, inclusive; or `around`: the local date of that instant. */
  dates: { from: string; to: string } | { around: Date };
  now: Date;
  /** A booking whose own time must not count as busy (rescheduling it). */
  excludeBookingId?: number;
  /** A waitlist entry whose hold must not count as busy (accepting its offer). */
  excludeEntryId?: number;
  /** Also load this client's upcoming bookings. */
  clientId?: number;
  /** Or: the client of this Telegram user, and their upcoming bookings. */
  clientTelegramUserId?: number;
}

const DAY_MS = 86_400_000;

function utcDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * Loads everything availability needs for a service, one specialist or all its
 * performers, and a range of local dates, in one statement (see
 * `findSchedulingSnapshot`): settings, performers with terms and hours, overrides,
 * blocked periods, occupying bookings and live waitlist holds.
 *
 * Does not check that the service is active or the specialist performs it.
 *
 * @throws AppError `NOT_FOUND` when there is no such service.
 */
export async function loadAvailability(
  db: TenantExecutor,
  options: LoadAvailabilityOptions,
): Promise<LoadedAvailability> {
  // The zone is only known once the settings are read, in the same statement as the
  // rest, so read a margin wide enough for any zone (UTC-12..+14) and any buffer.
  const around = 'around' in options.dates ? options.dates.around.getTime() : undefined;
  const dateFrom =
    around === undefined ? (options.dates as { from: string }).from : utcDate(around - DAY_MS);
  const dateTo =
    around === undefined ? (options.dates as { to: string }).to : utcDate(around + DAY_MS);
  const snapshot = await findSchedulingSnapshot(db, {
    serviceId: options.serviceId,
    staffId: options.staffId,
    dateFrom,
    dateTo,
    windowFrom: new Date(Date.parse(`${dateFrom}T00:00:00Z`) - 2 * DAY_MS),
    windowUntil: new Date(Date.parse(`${dateTo}T00:00:00Z`) + 3 * DAY_MS),
    now: options.now,
    excludeBookingId: options.excludeBookingId,
    excludeEntryId: options.excludeEntryId,
    clientId: options.clientId,
    clientTelegramUserId: options.clientTelegramUserId,
  });
  const settings = parseSettingsText(snapshot.settings_text ?? '{}');
  if (snapshot.service === null) {
    throw notFoundError('service', options.serviceId);
  }
  const service: Service = {
    id: snapshot.service.id,
    name: snapshot.service.name,
    description: snapshot.service.description,
    durationMinutes: snapshot.service.duration_minutes,
    priceMinor: snapshot.service.price_minor,
    currency: snapshot.service.currency,
    bufferBeforeMinutes: snapshot.service.buffer_before_minutes,
    bufferAfterMinutes: snapshot.service.buffer_after_minutes,
    active: snapshot.service.active,
    sortOrder: snapshot.service.sort_order,
  };
  const candidates = toCandidates(service, snapshot.performers);
  const localDate = around === undefined ? undefined : localDateIn(settings.timeZone, around);

  const businessOverrides = new Map<string, TimeInterval[]>();
  const staffOverrides = new Map<number, Map<string, TimeInterval[]>>();
  for (const override of snapshot.overrides) {
    if (override.staff_id === null) {
      businessOverrides.set(override.date, override.intervals);
    } else {
      const own = staffOverrides.get(override.staff_id) ?? new Map<string, TimeInterval[]>();
      own.set(override.date, override.intervals);
      staffOverrides.set(override.staff_id, own);
    }
  }
  const busyByStaff = new Map<number, BusyPeriod[]>(
    candidates.map((candidate) => [candidate.specialist.id, []]),
  );
  for (const period of snapshot.blocked) {
    const busy: BusyPeriod = { from: period.from_ms, until: period.until_ms, kind: 'blocked' };
    if (period.staff_id === null) {
      for (const list of busyByStaff.values()) {
        list.push(busy);
      }
    } else {
      busyByStaff.get(period.staff_id)?.push(busy);
    }
  }
  for (const period of snapshot.busy) {
    busyByStaff
      .get(period.staff_id)
      ?.push({ from: period.from_ms, until: period.until_ms, kind: period.kind });
  }

  const staffSchedules = new Map<number, StaffSchedule>();
  for (const candidate of candidates) {
    const id = candidate.specialist.id;
    staffSchedules.set(id, {
      staffId: id,
      durationMinutes: candidate.terms.durationMinutes,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
      weeklyHours: candidate.weeklyHours,
      overrides: staffOverrides.get(id) ?? new Map(),
      busy: busyByStaff.get(id) ?? [],
    });
  }
  return {
    settings,
    schedule: { service, specialists: candidates },
    candidates,
    staffSchedules,
    client:
      snapshot.client === null
        ? undefined
        : {
            id: snapshot.client.id,
            name: snapshot.client.name,
            phone: snapshot.client.phone,
            telegramUserId: snapshot.client.telegram_user_id,
            blocked: snapshot.client.blocked,
            bookingVersion: snapshot.client.booking_version,
          },
    clientUpcoming: snapshot.client_upcoming.map((booking) => ({
      id: booking.id,
      status: booking.status,
      startsAt: new Date(booking.starts_ms),
      endsAt: new Date(booking.ends_ms),
    })),
    request: {
      rules: {
        timeZone: settings.timeZone,
        slotStepMinutes: settings.slotStepMinutes,
        minNoticeMinutes: settings.minNoticeMinutes,
        bookingHorizonDays: settings.bookingHorizonDays,
      },
      now: options.now,
      from: localDate ?? dateFrom,
      to: localDate ?? dateTo,
      staff: [...staffSchedules.values()],
      businessOverrides,
    },
  };
}

/** Groups the snapshot's performer rows (one per hours interval) into candidates. */
function toCandidates(service: Service, rows: readonly SnapshotPerformer[]): Candidate[] {
  const candidates: Candidate[] = [];
  const hoursByStaff = new Map<number, Record<string, TimeInterval[]>>();
  for (const row of rows) {
    let hours = hoursByStaff.get(row.id);
    if (hours === undefined) {
      hours = {};
      hoursByStaff.set(row.id, hours);
      candidates.push({
        specialist: {
          id: row.id,
          name: row.name,
          bio: row.bio,
          active: row.active,
          telegramUserId: row.telegram_user_id,
          sortOrder: row.sort_order,
        },
        terms: {
          staffId: row.id,
          serviceId: service.id,
          durationMinutes: row.custom_duration_minutes ?? service.durationMinutes,
          priceMinor: row.custom_price_minor ?? service.priceMinor,
          customized: row.custom_duration_minutes !== null || row.custom_price_minor !== null,
        },
        weeklyHours: hours as WeeklyHours,
      });
    }
    if (row.weekday !== null && row.start_time !== null && row.end_time !== null) {
      const day = String(row.weekday);
      hours[day] ??= [];
      hours[day].push({ start: row.start_time, end: row.end_time });
    }
  }
  return candidates;
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

/** Options of {@link getAvailableSlots} and {@link getMonthSummary}. */
export interface AvailabilityOptions {
  /**
   * A booking being rescheduled: its own time does not count as busy, so the client
   * sees every time the booking could move to.
   */
  excludeBookingId?: number;
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
  options: AvailabilityOptions = {},
): Promise<AvailableSlots> {
  const data = parseInput(AvailabilityQuerySchema, query, 'availability query');
  const loaded = await loadAvailability(db, {
    serviceId: data.serviceId,
    staffId: data.staffId,
    dates: { from: data.from, to: data.to },
    now,
    excludeBookingId: options.excludeBookingId,
  });
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
  options: AvailabilityOptions = {},
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
  const loaded = await loadAvailability(db, {
    serviceId: data.serviceId,
    staffId: data.staffId,
    dates: { from: data.from, to: data.to },
    now,
    excludeBookingId: options.excludeBookingId,
  });
  assertBookable(loaded, data.staffId);
  return summarizeDays(loaded.request);
}
