import { inTransaction, type TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import {
  getSettings,
  type TimeInterval,
  type WeeklyHours,
  WeeklyHoursSchema,
} from '../settings/index.js';
import {
  FOREIGN_KEY_VIOLATION,
  parseInput,
  pgErrorFacts,
  UNIQUE_VIOLATION,
} from '../validation/index.js';
import {
  type AssignServiceInput,
  AssignServiceInputSchema,
  type BlockedPeriod,
  type BlockedPeriodInput,
  BlockedPeriodInputSchema,
  type DateOverride,
  type DateOverrideInput,
  DateOverrideInputSchema,
  type Service,
  type ServiceInput,
  ServiceInputSchema,
  type ServicePatch,
  ServicePatchSchema,
  type ServiceSchedule,
  type Specialist,
  type SpecialistInput,
  SpecialistInputSchema,
  type SpecialistPatch,
  SpecialistPatchSchema,
  type SpecialistService,
} from './catalogue.js';
import * as repository from './catalogue.repository.js';
import type {
  BlockedPeriodRow,
  DateOverrideRow,
  ServiceRow,
  StaffRow,
  StaffServiceRow,
  WorkingHoursRow,
} from './catalogue.table.js';

function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    durationMinutes: row.duration_minutes,
    priceMinor: row.price_minor,
    currency: row.currency,
    bufferBeforeMinutes: row.buffer_before_minutes,
    bufferAfterMinutes: row.buffer_after_minutes,
    active: row.active,
    sortOrder: row.sort_order,
  };
}

function toSpecialist(row: StaffRow): Specialist {
  return {
    id: row.id,
    name: row.name,
    bio: row.bio,
    active: row.active,
    telegramUserId: row.telegram_user_id,
    sortOrder: row.sort_order,
  };
}

function toSpecialistService(row: StaffServiceRow, service: Service): SpecialistService {
  return {
    staffId: row.staff_id,
    serviceId: row.service_id,
    durationMinutes: row.duration_minutes ?? service.durationMinutes,
    priceMinor: row.price_minor ?? service.priceMinor,
    customized: row.duration_minutes !== null || row.price_minor !== null,
  };
}

function toDateOverride(row: DateOverrideRow): DateOverride {
  return {
    id: row.id,
    staffId: row.staff_id,
    date: row.date,
    intervals: row.intervals,
    note: row.note,
  };
}

function toBlockedPeriod(row: BlockedPeriodRow): BlockedPeriod {
  return {
    id: row.id,
    staffId: row.staff_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
  };
}

function toWeeklyHours(rows: readonly WorkingHoursRow[]): WeeklyHours {
  const hours: Record<string, TimeInterval[]> = {};
  for (const row of rows) {
    const day = String(row.weekday);
    hours[day] ??= [];
    hours[day].push({ start: row.start_time, end: row.end_time });
  }
  return hours as WeeklyHours;
}

function notFound(what: string, id: number | string): AppError {
  return notFoundError(what, id);
}

/** Turns constraint violations of catalogue writes into clear errors; rethrows the rest. */
function mapWriteError(error: unknown, what: string): never {
  const facts = pgErrorFacts(error);
  if (facts?.code === UNIQUE_VIOLATION) {
    throw new AppError('CONFLICT', {
      message: `The ${what} conflicts with an existing one (${facts.constraint})`,
      details: { what, constraint: facts.constraint },
      cause: error,
    });
  }
  if (facts?.code === FOREIGN_KEY_VIOLATION) {
    throw new AppError('NOT_FOUND', {
      message: `The ${what} refers to something that does not exist (${facts.constraint})`,
      details: { what, constraint: facts.constraint },
      cause: error,
    });
  }
  throw error;
}

// ---------------------------------------------------------------- services

/**
 * Adds a service. The currency defaults to the tenant's currency setting.
 *
 * @throws AppError `VALIDATION` naming each invalid field (duration 5–720 min, buffers 0–240 min).
 */
export async function createService(db: TenantExecutor, input: ServiceInput): Promise<Service> {
  const data = parseInput(ServiceInputSchema, input, 'service');
  const currency = data.currency ?? (await getSettings(db)).currency;
  const row = await repository.insertService(db, {
    name: data.name,
    description: data.description,
    duration_minutes: data.durationMinutes,
    price_minor: data.priceMinor,
    currency,
    buffer_before_minutes: data.bufferBeforeMinutes,
    buffer_after_minutes: data.bufferAfterMinutes,
    active: data.active,
    sort_order: data.sortOrder,
  });
  return toService(row);
}

/**
 * Changes some fields of a service. Existing bookings keep their times and price
 * snapshot. Deactivate (`active: false`) rather than delete a service.
 *
 * @throws AppError `VALIDATION`, or `NOT_FOUND` when there is no such service.
 */
export async function updateService(
  db: TenantExecutor,
  id: number,
  patch: ServicePatch,
  now: Date = new Date(),
): Promise<Service> {
  const data = parseInput(ServicePatchSchema, patch, 'service');
  const row = await repository.updateServiceById(db, id, {
    name: data.name,
    description: data.description,
    duration_minutes: data.durationMinutes,
    price_minor: data.priceMinor,
    currency: data.currency,
    buffer_before_minutes: data.bufferBeforeMinutes,
    buffer_after_minutes: data.bufferAfterMinutes,
    active: data.active,
    sort_order: data.sortOrder,
    updated_at: now,
  });
  if (row === undefined) {
    throw notFound('service', id);
  }
  return toService(row);
}

/** A service by id. @throws AppError `NOT_FOUND`. */
export async function getService(db: TenantExecutor, id: number): Promise<Service> {
  const row = await repository.findServiceById(db, id);
  if (row === undefined) {
    throw notFound('service', id);
  }
  return toService(row);
}

/** Services in display order; by default only the active ones (what clients see). */
export async function listServices(
  db: TenantExecutor,
  options: { includeInactive?: boolean } = {},
): Promise<Service[]> {
  const rows = await repository.findServices(db, { activeOnly: !options.includeInactive });
  return rows.map(toService);
}

// ---------------------------------------------------------------- specialists

/**
 * Adds a specialist with the given weekly hours, or the tenant's default hours
 * (settings `defaultWorkingHours`, Mon–Fri 09:00–18:00 unless changed).
 *
 * @throws AppError `VALIDATION`; `CONFLICT` when the Telegram user is another specialist.
 */
export async function createSpecialist(
  db: TenantExecutor,
  input: SpecialistInput,
  options: { weeklyHours?: WeeklyHours } = {},
): Promise<Specialist> {
  const data = parseInput(SpecialistInputSchema, input, 'specialist');
  const weeklyHours =
    options.weeklyHours === undefined
      ? (await getSettings(db)).defaultWorkingHours
      : parseInput(WeeklyHoursSchema, options.weeklyHours, 'working hours');
  return inTransaction(db, async (trx) => {
    const row = await repository
      .insertStaff(trx, {
        name: data.name,
        bio: data.bio,
        active: data.active,
        telegram_user_id: data.telegramUserId,
        sort_order: data.sortOrder,
      })
      .catch((error: unknown) => mapWriteError(error, 'specialist'));
    await repository.replaceWorkingHours(trx, row.id, flattenWeeklyHours(weeklyHours));
    return toSpecialist(row);
  });
}

/**
 * Changes some fields of a specialist. A deactivated specialist is offered no more
 * slots; their existing bookings stay.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND`, or `CONFLICT` for a Telegram user already linked.
 */
export async function updateSpecialist(
  db: TenantExecutor,
  id: number,
  patch: SpecialistPatch,
  now: Date = new Date(),
): Promise<Specialist> {
  const data = parseInput(SpecialistPatchSchema, patch, 'specialist');
  const row = await repository
    .updateStaffById(db, id, {
      name: data.name,
      bio: data.bio,
      active: data.active,
      telegram_user_id: data.telegramUserId,
      sort_order: data.sortOrder,
      updated_at: now,
    })
    .catch((error: unknown) => mapWriteError(error, 'specialist'));
  if (row === undefined) {
    throw notFound('specialist', id);
  }
  return toSpecialist(row);
}

/** A specialist by id. @throws AppError `NOT_FOUND`. */
export async function getSpecialist(db: TenantExecutor, id: number): Promise<Specialist> {
  const row = await repository.findStaffById(db, id);
  if (row === undefined) {
    throw notFound('specialist', id);
  }
  return toSpecialist(row);
}

/** Specialists in display order; by default only the active ones. */
export async function listSpecialists(
  db: TenantExecutor,
  options: { includeInactive?: boolean } = {},
): Promise<Specialist[]> {
  const rows = await repository.findStaff(db, { activeOnly: !options.includeInactive });
  return rows.map(toSpecialist);
}

/**
 * Lets a specialist perform a service, optionally with their own duration and price
 * (null: the service's). Assigning again replaces the terms.
 *
 * @throws AppError `VALIDATION`; `NOT_FOUND` when the specialist or service does not exist.
 */
export async function assignService(
  db: TenantExecutor,
  input: AssignServiceInput,
): Promise<SpecialistService> {
  const data = parseInput(AssignServiceInputSchema, input, 'service assignment');
  const service = await getService(db, data.serviceId);
  await repository
    .upsertStaffService(db, {
      staff_id: data.staffId,
      service_id: data.serviceId,
      duration_minutes: data.durationMinutes,
      price_minor: data.priceMinor,
    })
    .catch((error: unknown) => mapWriteError(error, 'service assignment'));
  return toSpecialistService(
    {
      staff_id: data.staffId,
      service_id: data.serviceId,
      duration_minutes: data.durationMinutes,
      price_minor: data.priceMinor,
    },
    service,
  );
}

/** Stops a specialist performing a service. @throws AppError `NOT_FOUND` when not assigned. */
export async function unassignService(
  db: TenantExecutor,
  staffId: number,
  serviceId: number,
): Promise<void> {
  if (!(await repository.deleteStaffService(db, staffId, serviceId))) {
    throw notFound('service assignment', `${staffId}/${serviceId}`);
  }
}

/** The services a specialist performs, with their effective duration and price. */
export async function listSpecialistServices(
  db: TenantExecutor,
  staffId: number,
): Promise<Array<SpecialistService & { service: Service }>> {
  const [assignments, services] = await Promise.all([
    repository.findStaffServices(db, { staffId }),
    repository.findServices(db, { activeOnly: false }),
  ]);
  const byId = new Map(services.map((row) => [row.id, toService(row)]));
  return assignments.flatMap((row) => {
    const service = byId.get(row.service_id);
    return service === undefined ? [] : [{ ...toSpecialistService(row, service), service }];
  });
}

/**
 * A service with its active performers, their terms and weekly hours: what
 * availability and booking need about the catalogue.
 *
 * @throws AppError `NOT_FOUND` when there is no such service.
 */
export async function getServiceSchedule(
  db: TenantExecutor,
  serviceId: number,
): Promise<ServiceSchedule> {
  // Two queries, not three: hours come joined to the performers.
  const [serviceRow, rows] = await Promise.all([
    repository.findServiceById(db, serviceId),
    repository.findPerformersWithHours(db, serviceId),
  ]);
  if (serviceRow === undefined) {
    throw notFound('service', serviceId);
  }
  const service = toService(serviceRow);
  const specialists: ServiceSchedule['specialists'] = [];
  const hoursByStaff = new Map<number, WorkingHoursRow[]>();
  for (const row of rows) {
    let hours = hoursByStaff.get(row.id);
    if (hours === undefined) {
      hours = [];
      hoursByStaff.set(row.id, hours);
      specialists.push({
        specialist: toSpecialist(row),
        terms: toSpecialistService(
          {
            staff_id: row.id,
            service_id: serviceId,
            duration_minutes: row.custom_duration_minutes,
            price_minor: row.custom_price_minor,
          },
          service,
        ),
        weeklyHours: {},
      });
    }
    if (row.weekday !== null && row.start_time !== null && row.end_time !== null) {
      hours.push({
        id: 0,
        staff_id: row.id,
        weekday: row.weekday,
        start_time: row.start_time,
        end_time: row.end_time,
      });
    }
  }
  for (const entry of specialists) {
    entry.weeklyHours = toWeeklyHours(hoursByStaff.get(entry.specialist.id) ?? []);
  }
  return { service, specialists };
}

// ---------------------------------------------------------------- hours

function flattenWeeklyHours(hours: WeeklyHours) {
  return Object.entries(hours).flatMap(([weekday, intervals]) =>
    (intervals ?? []).map((interval) => ({ weekday: Number(weekday), ...interval })),
  );
}

/** A specialist's weekly hours (`'1'`..`'7'` → intervals). @throws AppError `NOT_FOUND`. */
export async function getWorkingHours(db: TenantExecutor, staffId: number): Promise<WeeklyHours> {
  await getSpecialist(db, staffId);
  return toWeeklyHours(await repository.findWorkingHours(db, [staffId]));
}

/**
 * Replaces a specialist's weekly hours. Several intervals a day express breaks;
 * a missing weekday is a day off. Existing bookings are kept even if they now fall
 * outside the hours.
 *
 * @throws AppError `VALIDATION` (malformed or overlapping intervals), `NOT_FOUND`.
 */
export async function setWorkingHours(
  db: TenantExecutor,
  staffId: number,
  weeklyHours: WeeklyHours,
): Promise<WeeklyHours> {
  const hours = parseInput(WeeklyHoursSchema, weeklyHours, 'working hours');
  await inTransaction(db, async (trx) => {
    await getSpecialist(trx, staffId);
    await repository.replaceWorkingHours(trx, staffId, flattenWeeklyHours(hours));
  });
  return hours;
}

/**
 * Sets the hours of one date for a specialist, or with `staffId` null for the whole
 * business; empty intervals make it a day off. Replaces an earlier override of that
 * date. A business override narrows every specialist's hours of the day.
 *
 * @throws AppError `VALIDATION`, or `NOT_FOUND` for an unknown specialist.
 */
export async function setDateOverride(
  db: TenantExecutor,
  input: DateOverrideInput,
): Promise<DateOverride> {
  const data = parseInput(DateOverrideInputSchema, input, 'date override');
  const row = await repository
    .upsertDateOverride(db, {
      staff_id: data.staffId,
      date: data.date,
      intervals: JSON.stringify(data.intervals),
      note: data.note,
    })
    .catch((error: unknown) => mapWriteError(error, 'date override'));
  return toDateOverride(row);
}

/** Removes a date override. @throws AppError `NOT_FOUND`. */
export async function removeDateOverride(db: TenantExecutor, id: number): Promise<DateOverride> {
  const row = await repository.deleteDateOverride(db, id);
  if (row === undefined) {
    throw notFound('date override', id);
  }
  return toDateOverride(row);
}

/**
 * Date overrides between two local dates (inclusive): the business-wide ones and,
 * when `staffIds` is given, those of these specialists (all specialists otherwise).
 */
export async function listDateOverrides(
  db: TenantExecutor,
  range: { from: string; to: string; staffIds?: readonly number[] },
): Promise<DateOverride[]> {
  return (await repository.findDateOverrides(db, range)).map(toDateOverride);
}

/**
 * Blocks a period for a specialist, or with `staffId` null for everyone. Bookings
 * already inside it are kept; the caller may list and cancel them.
 *
 * @throws AppError `VALIDATION` (start not before end), `NOT_FOUND` for an unknown specialist.
 */
export async function createBlockedPeriod(
  db: TenantExecutor,
  input: BlockedPeriodInput,
  now: Date = new Date(),
): Promise<BlockedPeriod> {
  const data = parseInput(BlockedPeriodInputSchema, input, 'blocked period');
  const row = await repository
    .insertBlockedPeriod(db, {
      staff_id: data.staffId,
      starts_at: data.startsAt,
      ends_at: data.endsAt,
      reason: data.reason,
      created_at: now,
    })
    .catch((error: unknown) => mapWriteError(error, 'blocked period'));
  return toBlockedPeriod(row);
}

/**
 * Deletes a blocked period and returns it. Bots should call the booking domain's
 * `unblockPeriod`, which also offers the freed time to the waitlist.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function deleteBlockedPeriod(db: TenantExecutor, id: number): Promise<BlockedPeriod> {
  const row = await repository.deleteBlockedPeriodById(db, id);
  if (row === undefined) {
    throw notFound('blocked period', id);
  }
  return toBlockedPeriod(row);
}

/**
 * Blocked periods overlapping `[from, until)`: business-wide ones and, when
 * `staffIds` is given, those of these specialists (all otherwise).
 */
export async function listBlockedPeriods(
  db: TenantExecutor,
  range: { from: Date; until: Date; staffIds?: readonly number[] },
): Promise<BlockedPeriod[]> {
  return (await repository.findBlockedPeriods(db, range)).map(toBlockedPeriod);
}
