import type { Insertable, Updateable } from 'kysely';
import type { TenantExecutor } from '../db/index.js';
import type { AdminsTable } from './admins.table.js';

/** One admin by id. */
export async function findAdminById(db: TenantExecutor, id: number) {
  return db.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The admin record of a Telegram user, if any. */
export async function findAdminByTelegramId(db: TenantExecutor, telegramUserId: number) {
  return db
    .selectFrom('admins')
    .selectAll()
    .where('telegram_user_id', '=', telegramUserId)
    .executeTakeFirst();
}

/** Every admin, oldest first. */
export async function findAdmins(db: TenantExecutor) {
  return db.selectFrom('admins').selectAll().orderBy('id').execute();
}

/** Locks every owner row, so that two demotions cannot both see "another owner left". */
export async function lockOwners(db: TenantExecutor) {
  return db
    .selectFrom('admins')
    .selectAll()
    .where('role', '=', 'owner')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Locks and returns one admin (`FOR UPDATE`). */
export async function lockAdminById(db: TenantExecutor, id: number) {
  return db.selectFrom('admins').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Inserts an admin and returns the row. */
export async function insertAdmin(db: TenantExecutor, values: Insertable<AdminsTable>) {
  return db.insertInto('admins').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates an admin and returns the row; throws if it does not exist. */
export async function updateAdminById(
  db: TenantExecutor,
  id: number,
  values: Updateable<AdminsTable>,
) {
  return db
    .updateTable('admins')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes an admin. */
export async function deleteAdminById(db: TenantExecutor, id: number) {
  await db.deleteFrom('admins').where('id', '=', id).execute();
}

/**
 * Makes a Telegram user an owner: inserts the row, or raises an existing admin's role.
 * Returns the row when something changed, `undefined` when they already were an owner.
 */
export async function upsertOwnerRow(
  db: TenantExecutor,
  values: { telegram_user_id: number; name: string; now: Date },
) {
  return db
    .insertInto('admins')
    .values({
      telegram_user_id: values.telegram_user_id,
      name: values.name,
      role: 'owner',
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((conflict) =>
      conflict
        .column('telegram_user_id')
        .doUpdateSet({ role: 'owner', updated_at: values.now })
        .where('admins.role', '<>', 'owner'),
    )
    .returningAll()
    .executeTakeFirst();
}
