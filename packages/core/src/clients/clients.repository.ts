import type { Updateable } from 'kysely';
import { QueryTemplate, type TenantExecutor } from '../db/index.js';
import type { ClientsTable } from './clients.table.js';

/** One client by id. */
export async function findClientById(db: TenantExecutor, id: number) {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks a client row: bookings of one client are serialized on it (limit, overlap). */
export async function lockClientById(db: TenantExecutor, id: number) {
  return db.selectFrom('clients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

const CLIENT_BY_TELEGRAM_ID = new QueryTemplate(
  (db, _shape: null, values: { telegramUserId: number }) =>
    db.selectFrom('clients').selectAll().where('telegram_user_id', '=', values.telegramUserId),
);

/** The client of a Telegram user, if any. A screen runs this on most presses: compiled once. */
export async function findClientByTelegramId(db: TenantExecutor, telegramUserId: number) {
  const [row] = await CLIENT_BY_TELEGRAM_ID.execute(db, null, { telegramUserId });
  return row;
}

/** Inserts the client or refreshes the name (and phone, when given) of an existing one. */
export async function upsertClientRow(
  db: TenantExecutor,
  values: {
    telegram_user_id: number;
    name: string;
    phone: string | null | undefined;
    locale: string;
    locale_chosen: boolean;
    now: Date;
  },
) {
  return db
    .insertInto('clients')
    .values({
      telegram_user_id: values.telegram_user_id,
      name: values.name,
      phone: values.phone ?? null,
      locale: values.locale,
      locale_chosen: values.locale_chosen,
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((conflict) =>
      conflict.column('telegram_user_id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        phone: values.phone === undefined ? eb.ref('clients.phone') : eb.ref('excluded.phone'),
        updated_at: values.now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a client; `undefined` when it does not exist. */
export async function updateClientById(
  db: TenantExecutor,
  id: number,
  values: Updateable<ClientsTable>,
) {
  return db
    .updateTable('clients')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** A page of clients by id, optionally matching a name or phone fragment. */
export async function findClients(
  db: TenantExecutor,
  options: { search?: string; limit: number; offset: number },
) {
  let query = db.selectFrom('clients').selectAll();
  if (options.search !== undefined && options.search !== '') {
    const pattern = `%${options.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('phone', 'ilike', pattern)]),
    );
  }
  return query.orderBy('id').limit(options.limit).offset(options.offset).execute();
}

/** The oldest client with this phone (E.164), if any. */
export async function findClientByPhone(db: TenantExecutor, phone: string) {
  return db
    .selectFrom('clients')
    .selectAll()
    .where('phone', '=', phone)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts a client without Telegram (booked by the team) and returns the row. */
export async function insertClientWithoutTelegram(
  db: TenantExecutor,
  values: { name: string; phone: string; locale: string; now: Date },
) {
  return db
    .insertInto('clients')
    .values({
      telegram_user_id: null,
      name: values.name,
      phone: values.phone,
      locale: values.locale,
      created_at: values.now,
      updated_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
