import type { Insertable, Updateable } from 'kysely';
import type { TenantExecutor } from '../db/index.js';
import type {
  BlockedPeriodsTable,
  ServicesTable,
  StaffServicesTable,
  StaffTable,
} from './catalogue.table.js';

/** One service by id. */
export async function findServiceById(db: TenantExecutor, id: number) {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Services in display order, optionally only the active ones. */
export async function findServices(db: TenantExecutor, options: { activeOnly: boolean }) {
  let query = db.selectFrom('services').selectAll().orderBy('sort_order').orderBy('id');
  if (options.activeOnly) {
    query = query.where('active', '=', true);
  }
  return query.execute();
}

/** Inserts a service and returns the row. */
export async function insertService(db: TenantExecutor, values: Insertable<ServicesTable>) {
  return db.insertInto('services').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a service; `undefined` when it does not exist. */
export async function updateServiceById(
  db: TenantExecutor,
  id: number,
  values: Updateable<ServicesTable>,
) {
  return db
    .updateTable('services')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** One specialist by id. */
export async function findStaffById(db: TenantExecutor, id: number) {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Specialists in display order, optionally only the active ones. */
export async function findStaff(db: TenantExecutor, options: { activeOnly: boolean }) {
  let query = db.selectFrom('staff').selectAll().orderBy('sort_order').orderBy('id');
  if (options.activeOnly) {
    query = query.where('active', '=', true);
  }
  return query.execute();
}

/** Inserts a specialist and returns the row. */
export async function insertStaff(db: TenantExecutor, values: Insertable<StaffTable>) {
  return db.insertInto('staff').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a specialist; `undefined` when it does not exist. */
export async function updateStaffById(
  db: TenantExecutor,
  id: number,
  values: Updateable<StaffTable>,
) {
  return db.updateTable('staff').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Inserts or replaces the terms on which a specialist performs a service. */
export async function upsertStaffService(
  db: TenantExecutor,
  values: Insertable<StaffServicesTable>,
) {
  await db
    .insertInto('staff_services')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['staff_id', 'service_id']).doUpdateSet({
        duration_minutes: values.duration_minutes ?? null,
        price_minor: values.price_minor ?? null,
      }),
    )
    .execute();
}

/** Removes an assignment; returns whether it existed. */
export async function deleteStaffService(db: TenantExecutor, staffId: number, serviceId: number) {
  const result = await db
    .deleteFrom('staff_services')
    .where('staff_id', '=', staffId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The service assignments of one specialist or of one service. */
export async function findStaffServices(
  db: TenantExecutor,
  filter: { staffId?: number; serviceId?: number },
) {
  let query = db.selectFrom('staff_services').selectAll();
  if (filter.staffId !== undefined) {
    query = query.where('staff_id', '=', filter.staffId);
  }
  if (filter.serviceId !== undefined) {
    query = query.where('service_id', '=', filter.serviceId);
  }
  return query.orderBy('service_id').orderBy('staff_id').execute();
}

/**
 * Active specialists performing a service, joined with their terms and (one row per
 * interval, or one row with null hours) their working hours, in display order.
 */
export async function findPerformersWithHours(db: TenantExecutor, serviceId: number) {
  return db
    .selectFrom('staff_services')
    .innerJoin('staff', 'staff.id', 'staff_services.staff_id')
    .leftJoin('working_hours', 'working_hours.staff_id', 'staff.id')
    .selectAll('staff')
    .select([
      'staff_services.duration_minutes as custom_duration_minutes',
      'staff_services.price_minor as custom_price_minor',
      'working_hours.weekday',
      'working_hours.start_time',
      'working_hours.end_time',
    ])
    .where('staff_services.service_id', '=', serviceId)
    .where('staff.active', '=', true)
    .orderBy('staff.sort_order')
    .orderBy('staff.id')
    .orderBy('working_hours.weekday')
    .orderBy('working_hours.start_time')
    .execute();
}

/** Working-hour intervals of some specialists, by specialist, weekday and start. */
export async function findWorkingHours(db: TenantExecutor, staffIds: readonly number[]) {
  if (staffIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('working_hours')
    .selectAll()
    .where('staff_id', 'in', staffIds)
    .orderBy('staff_id')
    .orderBy('weekday')
    .orderBy('start_time')
    .execute();
}

/** Replaces all working hours of a specialist. */
export async function replaceWorkingHours(
  db: TenantExecutor,
  staffId: number,
  intervals: ReadonlyArray<{ weekday: number; start: string; end: string }>,
) {
  await db.deleteFrom('working_hours').where('staff_id', '=', staffId).execute();
  if (intervals.length > 0) {
    await db
      .insertInto('working_hours')
      .values(
        intervals.map((interval) => ({
          staff_id: staffId,
          weekday: interval.weekday,
          start_time: interval.start,
          end_time: interval.end,
        })),
      )
      .execute();
  }
}

/**
 * Date overrides between two dates (inclusive) for the given specialists and for the
 * whole business (null staff).
 */
export async function findDateOverrides(
  db: TenantExecutor,
  range: { from: string; to: string; staffIds?: readonly number[] },
) {
  let query = db
    .selectFrom('date_overrides')
    .selectAll()
    .where('date', '>=', range.from)
    .where('date', '<=', range.to);
  const staffIds = range.staffIds;
  if (staffIds !== undefined) {
    query = query.where((eb) =>
      staffIds.length === 0
        ? eb('staff_id', 'is', null)
        : eb.or([eb('staff_id', 'is', null), eb('staff_id', 'in', staffIds)]),
    );
  }
  return query.orderBy('date').orderBy('staff_id').execute();
}

/** Inserts or replaces the override of one specialist (or the business) on one date. */
export async function upsertDateOverride(
  db: TenantExecutor,
  values: { staff_id: number | null; date: string; intervals: string; note: string },
) {
  return db
    .insertInto('date_overrides')
    .values(values)
    .onConflict((conflict) =>
      conflict
        .constraint('date_overrides_unique')
        .doUpdateSet({ intervals: values.intervals, note: values.note }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes a date override and returns it, if it existed. */
export async function deleteDateOverride(db: TenantExecutor, id: number) {
  return db.deleteFrom('date_overrides').where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Blocked periods overlapping `[from, until)` for the given specialists and for the
 * whole business (null staff).
 */
export async function findBlockedPeriods(
  db: TenantExecutor,
  range: { from: Date; until: Date; staffIds?: readonly number[] },
) {
  let query = db
    .selectFrom('blocked_periods')
    .selectAll()
    .where('starts_at', '<', range.until)
    .where('ends_at', '>', range.from);
  const staffIds = range.staffIds;
  if (staffIds !== undefined) {
    query = query.where((eb) =>
      staffIds.length === 0
        ? eb('staff_id', 'is', null)
        : eb.or([eb('staff_id', 'is', null), eb('staff_id', 'in', staffIds)]),
    );
  }
  return query.orderBy('starts_at').execute();
}

/** Inserts a blocked period and returns the row. */
export async function insertBlockedPeriod(
  db: TenantExecutor,
  values: Insertable<BlockedPeriodsTable>,
) {
  return db.insertInto('blocked_periods').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Deletes a blocked period and returns it, if it existed. */
export async function deleteBlockedPeriodById(db: TenantExecutor, id: number) {
  return db.deleteFrom('blocked_periods').where('id', '=', id).returningAll().executeTakeFirst();
}
