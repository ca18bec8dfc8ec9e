import { getAdmin } from '../admins/index.js';
import { recordAudit } from '../audit/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import { parseInput } from '../validation/index.js';
import {
  assertBookable,
  type LoadedAvailability,
  loadAvailability,
} from './availability.service.js';
import {
  type Actor,
  actorLabel,
  type BookInput,
  BookInputSchema,
  type Booking,
  type TelegramBookInput,
  TelegramBookInputSchema,
} from './booking.js';
import * as repository from './booking.repository.js';
import { assertClientNotBlocked, snapshot, toBooking } from './booking-access.js';
import {
  assertNoClientOverlap,
  type CandidateSearch,
  freeCandidates,
  slotError,
} from './slot-candidates.js';

export { slotError } from './slot-candidates.js';

/** Options of {@link bookAppointment}. */
export interface BookOptions {
  /** Who books; defaults to the client themself. */
  actor?: Actor;
  /** The clock; defaults to the current time. */
  now?: Date;
  /**
   * An owner's or admin's explicit "outside hours": the start need not lie within working
   * hours, minimum notice or horizon (a late walk-in, an early regular). Blocked periods
   * and other bookings still refuse it: the exclusion constraint decides as ever. Needs
   * a named specialist.
   */
  outsideHours?: boolean;
}

/**
 * Books an appointment, re-validating everything on the server: the client exists
 * and is not blocked, the service is active and the specialist performs it, the start
 * respects minimum notice and horizon and lies within working hours outside blocked
 * periods, the slot and its buffers are free, the client is under the active-bookings
 * limit (not enforced when an admin books) and has no overlapping booking. With
 * `staffId: 'any'` the first free specialist in display order gets it.
 *
 * Safe under any concurrency, without locks: the slot is arbitrated by the exclusion
 * constraint, so of many racing calls for one slot exactly one succeeds and the
 * others fail with `SLOT_TAKEN`; the client's limit and overlap checks are guarded by
 * the client's booking version (the insert happens only if the client's bookings are
 * unchanged since they were read, otherwise the decision is made again). The booking
 * and its `created` history row are one statement; when an admin books, the audit
 * row is written in the same transaction.
 *
 * @throws AppError `VALIDATION`, `NOT_FOUND` (client, service), `FORBIDDEN`,
 *   `CLIENT_BLOCKED`, `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`, `TOO_SOON`, `TOO_FAR`,
 *   `OUTSIDE_HOURS`, `LIMIT_REACHED`, `CONFLICT` (the client already has a booking
 *   then; `details.reason` is `CLIENT_OVERLAP`), `SLOT_TAKEN`.
 */
export async function bookAppointment(
  db: TenantExecutor,
  input: BookInput,
  options: BookOptions = {},
): Promise<Booking> {
  const data = parseInput(BookInputSchema, input, 'booking');
  const now = options.now ?? new Date();
  const actor = options.actor ?? { kind: 'client', clientId: data.clientId };
  const outsideHours = options.outsideHours ?? false;
  if (outsideHours) {
    await assertMayBookOutsideHours(db, actor, data.staffId);
  }
  if (actor.kind === 'client') {
    // Two statements, each atomic on its own: no transaction needed.
    return bookWith(db, { ...data, actor, now });
  }
  return db.transaction().execute((trx) => bookWith(trx, { ...data, actor, now, outsideHours }));
}

/**
 * Only owners and admins book outside hours, and only for a named specialist.
 *
 * @throws AppError `FORBIDDEN`, `VALIDATION`.
 */
async function assertMayBookOutsideHours(
  db: TenantExecutor,
  actor: Actor,
  staffId: number | 'any',
): Promise<void> {
  const admin = actor.kind === 'admin' ? await getAdmin(db, actor.adminId) : undefined;
  if (admin === undefined || admin.role === 'staff') {
    throw new AppError('FORBIDDEN', {
      message: 'Only an owner or admin books outside working hours',
      details: { actor: actorLabel(actor) },
    });
  }
  if (staffId === 'any') {
    throw new AppError('VALIDATION', {
      message: 'Invalid booking: staffId: a booking outside hours needs a named specialist',
      details: { what: 'booking', issues: [{ path: 'staffId', message: 'name a specialist' }] },
    });
  }
}

/** Input of {@link bookWith}: validated booking data plus context. */
export interface BookCommand {
  clientId: number;
  serviceId: number;
  staffId: number | 'any';
  startsAt: Date;
  comment: string;
  actor: Actor;
  now: Date;
  /** A waitlist entry whose own hold must not block this booking (accepting its offer). */
  excludeEntryId?: number;
  /** See {@link BookOptions.outsideHours}; checked by the caller. */
  outsideHours?: boolean;
}

/** Not booked: the user has no client record yet (no `client`), or it has no phone. */
interface ContactNeeded {
  contactNeeded: { client?: { id: number; name: string } };
}

/** What {@link bookAsTelegramUser} did. */
export type TelegramBookingOutcome = { booked: Booking } | ContactNeeded;

/**
 * Books for the client of a Telegram user, by themself, as a client bot's "confirm"
 * does: the client is read in the same snapshot the booking is decided on, one round
 * trip fewer than looking them up first. A user without a client record, or (with
 * `requirePhone`) one whose record has no phone, is not booked: `contactNeeded` says
 * so, with the client if there is one, for the bot to ask for the contact and then
 * book with {@link bookAppointment}. It says so only while the time is free: a time
 * taken already is refused with `SLOT_TAKEN` before the customer types anything.
 * Otherwise as {@link bookAppointment}, errors included.
 */
export async function bookAsTelegramUser(
  db: TenantExecutor,
  input: TelegramBookInput,
  options: { now?: Date; requirePhone?: boolean } = {},
): Promise<TelegramBookingOutcome> {
  const data = parseInput(TelegramBookInputSchema, input, 'booking');
  const decision: Decision = {
    ...data,
    now: options.now ?? new Date(),
    requirePhone: options.requirePhone ?? false,
  };
  const outcome = await untilSettled(() => decideAndInsert(db, decision), {
    telegramUserId: data.telegramUserId,
  });
  return 'contactNeeded' in outcome ? outcome : { booked: outcome };
}

/** Decisions made again when the client's bookings keep changing underneath. */
const MAX_ATTEMPTS = 5;

/**
 * The body of {@link bookAppointment}, on an executor or inside the caller's
 * transaction (accepting a waitlist offer). Writes an audit row when the actor is
 * not the client; then `db` must be a transaction.
 */
export async function bookWith(db: TenantExecutor, command: BookCommand): Promise<Booking> {
  const { actor } = command;
  if (actor.kind === 'client' && actor.clientId !== command.clientId) {
    throw new AppError('FORBIDDEN', {
      message: 'A client may only book for themself',
      details: { clientId: command.clientId },
    });
  }
  const outcome = await untilSettled(() => decideAndInsert(db, command), {
    clientId: command.clientId,
  });
  if ('contactNeeded' in outcome) {
    throw new Error('Only a booking for a Telegram user can need a contact');
  }
  return outcome;
}

/** Runs `decide` until the client's bookings hold still while it decides. */
async function untilSettled<T>(
  decide: () => Promise<T | 'stale'>,
  client: { clientId: number } | { telegramUserId: number },
): Promise<T> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const outcome = await decide();
    if (outcome !== 'stale') {
      return outcome;
    }
  }
  const who =
    'clientId' in client
      ? `client ${client.clientId}`
      : `the client of Telegram user ${client.telegramUserId}`;
  throw new AppError('CONFLICT', {
    message: `The bookings of ${who} kept changing; try again`,
    details: { reason: 'CLIENT_BUSY', ...client },
  });
}

/**
 * What {@link decideAndInsert} books: a {@link BookCommand}, or the same for the client
 * of a Telegram user booking as themself.
 */
type Decision =
  | BookCommand
  | (Omit<BookCommand, 'clientId' | 'actor'> & { telegramUserId: number; requirePhone: boolean });

async function decideAndInsert(
  db: TenantExecutor,
  command: Decision,
): Promise<Booking | 'stale' | ContactNeeded> {
  const { now } = command;
  const byTelegram = 'telegramUserId' in command;
  const loaded = await loadAvailability(db, {
    serviceId: command.serviceId,
    staffId: command.staffId,
    dates: { around: command.startsAt },
    now,
    excludeEntryId: command.excludeEntryId,
    ...(byTelegram
      ? { clientTelegramUserId: command.telegramUserId }
      : { clientId: command.clientId }),
  });
  const client = loaded.client;
  if (client === undefined) {
    if (byTelegram) {
      return contactNeededIfFree(loaded, command, {});
    }
    throw notFoundError('client', command.clientId);
  }
  if (byTelegram && command.requirePhone && !client.phone) {
    return contactNeededIfFree(loaded, command, { client: { id: client.id, name: client.name } });
  }
  const actor: Actor = byTelegram ? { kind: 'client', clientId: client.id } : command.actor;
  assertClientNotBlocked(client);
  assertBookable(loaded, command.staffId);
  const { settings } = loaded;
  const upcoming = loaded.clientUpcoming;
  if (actor.kind === 'client') {
    const active = upcoming.filter((booking) => booking.status === 'confirmed').length;
    if (active >= settings.maxActiveBookingsPerClient) {
      throw new AppError('LIMIT_REACHED', {
        message: `Client ${client.id} already has ${active} active bookings`,
        details: { limit: settings.maxActiveBookingsPerClient, active },
      });
    }
  }

  let seenVersion = client.bookingVersion;
  const search: CandidateSearch = { taken: false };
  const startsAt = command.startsAt;
  const outsideHours = 'outsideHours' in command && command.outsideHours === true;
  for (const { candidate, endsAt, occupiedFrom, occupiedUntil } of freeCandidates(
    loaded,
    startsAt,
    now,
    search,
    outsideHours,
  )) {
    assertNoClientOverlap(upcoming, client.id, startsAt, endsAt);
    const result = await repository.insertBookingIfCurrent(db, {
      client_id: client.id,
      service_id: loaded.schedule.service.id,
      staff_id: candidate.specialist.id,
      starts_at: startsAt,
      ends_at: endsAt,
      occupied_from: occupiedFrom,
      occupied_until: occupiedUntil,
      price_minor: candidate.terms.priceMinor,
      currency: loaded.schedule.service.currency,
      comment: command.comment,
      now,
      actor: actorLabel(actor),
      seen_version: seenVersion,
    });
    if (result.outcome === 'stale') {
      return 'stale';
    }
    if (result.outcome === 'conflict') {
      // Someone else committed an overlapping booking after we read: try the next
      // specialist. Our guard bumped the version, so expect the bumped one.
      seenVersion += 1;
      search.taken = true;
      continue;
    }
    const row = result.booking;
    if (actor.kind !== 'client') {
      await recordAudit(
        db,
        {
          actor: actorLabel(actor),
          action: 'booking.created',
          target: `booking:${row.id}`,
          details: { new: { ...snapshot(row), serviceId: row.service_id, clientId: client.id } },
        },
        now,
      );
    }
    return toBooking({
      ...row,
      service_name: loaded.schedule.service.name,
      staff_name: candidate.specialist.name,
      client_name: client.name,
      client_telegram_user_id: client.telegramUserId,
    });
  }
  throw slotError(search.taken ? 'SLOT_TAKEN' : 'OUTSIDE_HOURS', startsAt, settings);
}

/**
 * `contactNeeded`, once the time is known to be free now. Typing a name and a phone
 * takes a customer a minute: a time someone else took is refused before that, not
 * after. The insert that follows the contact checks again.
 *
 * @throws AppError `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`, `TOO_SOON`, `TOO_FAR`,
 *   `OUTSIDE_HOURS`, `SLOT_TAKEN`.
 */
function contactNeededIfFree(
  loaded: LoadedAvailability,
  command: { staffId: number | 'any'; startsAt: Date; now: Date },
  contactNeeded: ContactNeeded['contactNeeded'],
): ContactNeeded {
  assertBookable(loaded, command.staffId);
  const search: CandidateSearch = { taken: false };
  if (freeCandidates(loaded, command.startsAt, command.now, search).next().done) {
    throw slotError(
      search.taken ? 'SLOT_TAKEN' : 'OUTSIDE_HOURS',
      command.startsAt,
      loaded.settings,
    );
  }
  return { contactNeeded };
}
