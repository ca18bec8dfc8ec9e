import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import { getSettings, type Settings } from '../settings/index.js';
import { parseInput } from '../validation/index.js';
import {
  type Client,
  type ClientInput,
  ClientInputSchema,
  type ClientPatch,
  ClientPatchSchema,
  type PhoneClientInput,
  PhoneClientInputSchema,
} from './clients.js';
import * as repository from './clients.repository.js';
import type { ClientRow } from './clients.table.js';
import { parsePhone, phoneRegionOf } from './phone.js';

function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    telegramUserId: row.telegram_user_id,
    name: row.name,
    phone: row.phone,
    locale: row.locale,
    localeChosen: row.locale_chosen,
    blocked: row.blocked,
    createdAt: row.created_at,
  };
}

/**
 * A phone as given, in E.164, read with the tenant's phone region; `null` and
 * `undefined` pass through.
 *
 * @throws AppError `VALIDATION` when it is not a phone number.
 */
function normalisedPhone<Absent extends null | undefined>(
  phone: string | Absent,
  settings: Settings,
): string | Absent {
  if (phone === null || phone === undefined) {
    return phone;
  }
  const e164 = parsePhone(phone, phoneRegionOf(settings));
  if (e164 === undefined) {
    // The number itself is personal data: the error names the field only.
    throw new AppError('VALIDATION', {
      message: 'Invalid client: phone: not a phone number',
      details: { what: 'client', issues: [{ path: 'phone', message: 'not a phone number' }] },
    });
  }
  return e164;
}

/**
 * Returns the client of a Telegram user, creating it on first contact. An existing
 * client's name is refreshed; the phone only when given, stored in E.164 (read with
 * the tenant's phone region, see {@link phoneRegionOf}); the locale (and whether it
 * was chosen) is set only on creation, defaulting to the tenant's default locale.
 *
 * @throws AppError `VALIDATION` (a phone that is not a phone number, among others).
 */
export async function upsertClient(
  db: TenantExecutor,
  input: ClientInput,
  now: Date = new Date(),
): Promise<Client> {
  const data = parseInput(ClientInputSchema, input, 'client');
  const settings = await getSettings(db);
  const row = await repository.upsertClientRow(db, {
    telegram_user_id: data.telegramUserId,
    name: data.name,
    phone: normalisedPhone(data.phone, settings),
    locale: data.locale ?? settings.defaultLocale,
    locale_chosen: data.localeChosen ?? false,
    now,
  });
  return toClient(row);
}

/** A client by id. @throws AppError `NOT_FOUND`. */
export async function getClient(db: TenantExecutor, id: number): Promise<Client> {
  const row = await repository.findClientById(db, id);
  if (row === undefined) {
    throw notFoundError('client', id);
  }
  return toClient(row);
}

/**
 * Locks a client for the rest of the transaction and returns it. Booking takes this
 * lock first, so one client's concurrent bookings are checked one after another
 * against the active-bookings limit and for overlaps.
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function lockClient(db: TenantExecutor, id: number): Promise<Client> {
  const row = await repository.lockClientById(db, id);
  if (row === undefined) {
    throw notFoundError('client', id);
  }
  return toClient(row);
}

/** The client of a Telegram user, if they ever contacted the bot. */
export async function findClientByTelegramId(
  db: TenantExecutor,
  telegramUserId: number,
): Promise<Client | undefined> {
  const row = await repository.findClientByTelegramId(db, telegramUserId);
  return row === undefined ? undefined : toClient(row);
}

/**
 * Changes a client's name, phone (stored in E.164, as {@link upsertClient} does) or
 * locale (chosen or not).
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND`.
 */
export async function updateClient(
  db: TenantExecutor,
  id: number,
  patch: ClientPatch,
  now: Date = new Date(),
): Promise<Client> {
  const { localeChosen, phone, ...columns } = parseInput(ClientPatchSchema, patch, 'client');
  const row = await repository.updateClientById(db, id, {
    ...columns,
    ...(typeof phone === 'string' ? { phone: normalisedPhone(phone, await getSettings(db)) } : {}),
    ...(phone === null ? { phone: null } : {}),
    ...(localeChosen === undefined ? {} : { locale_chosen: localeChosen }),
    updated_at: now,
  });
  if (row === undefined) {
    throw notFoundError('client', id);
  }
  return toClient(row);
}

/**
 * Blocks or unblocks a client. A blocked client cannot book or join the waitlist;
 * existing bookings stay (an admin may cancel them).
 *
 * @throws AppError `NOT_FOUND`.
 */
export async function setClientBlocked(
  db: TenantExecutor,
  id: number,
  blocked: boolean,
  now: Date = new Date(),
): Promise<Client> {
  const row = await repository.updateClientById(db, id, { blocked, updated_at: now });
  if (row === undefined) {
    throw notFoundError('client', id);
  }
  return toClient(row);
}

/** A page of clients by id (default 50), optionally matching a name or phone fragment. */
export async function listClients(
  db: TenantExecutor,
  options: { search?: string; limit?: number; offset?: number } = {},
): Promise<Client[]> {
  const rows = await repository.findClients(db, {
    search: options.search,
    limit: Math.min(Math.max(options.limit ?? 50, 1), 500),
    offset: Math.max(options.offset ?? 0, 0),
  });
  return rows.map(toClient);
}

/**
 * A client the team books by phone or at the desk, who need not have Telegram: the
 * existing client with this phone when there is one (a phone is one person), else a new
 * client without Telegram, audited as `client.created`.
 *
 * @param actor who added them, for the audit log (`admin:3`).
 * @returns the client, and whether it was created.
 * @throws AppError `VALIDATION` (no name, or a phone that is not a phone number).
 */
export async function addClientByPhone(
  db: TenantExecutor,
  input: PhoneClientInput,
  actor: string,
  now: Date = new Date(),
): Promise<{ client: Client; created: boolean }> {
  const data = parseInput(PhoneClientInputSchema, input, 'client');
  const settings = await getSettings(db);
  const phone = normalisedPhone<never>(data.phone, settings);
  return db.transaction().execute(async (trx) => {
    const existing = await repository.findClientByPhone(trx, phone);
    if (existing) {
      return { client: toClient(existing), created: false };
    }
    const row = await repository.insertClientWithoutTelegram(trx, {
      name: data.name,
      phone,
      locale: settings.defaultLocale,
      now,
    });
    // The phone is personal data: the audit names the client, not the number.
    await recordAudit(
      trx,
      { actor, action: 'client.created', target: `client:${row.id}`, details: { name: row.name } },
      now,
    );
    return { client: toClient(row), created: true };
  });
}
