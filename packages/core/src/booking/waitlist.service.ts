import { DateTime } from 'luxon';
import { getServiceSchedule } from '../catalogue/index.js';
import { getClient } from '../clients/index.js';
import type { TenantExecutor } from '../db/index.js';
import { AppError, notFoundError } from '../errors/index.js';
import { getSettings } from '../settings/index.js';
import {
  EXCLUSION_VIOLATION,
  parseInput,
  pgErrorFacts,
  UNIQUE_VIOLATION,
} from '../validation/index.js';
import { computeSlots } from './availability.js';
import { assertBookable, loadAvailability } from './availability.service.js';
import { bookWith } from './book-appointment.js';
import {
  type Actor,
  type Booking,
  type JoinWaitlistInput,
  JoinWaitlistInputSchema,
  type WaitlistEntry,
  type WaitlistOffer,
  type WaitlistStatus,
} from './booking.js';
import * as bookings from './booking.repository.js';
import type { SlotReleaseRow, WaitlistRow } from './booking.table.js';
import { releaseSlot } from './booking-access.js';
import { localDateIn } from './local-time.js';
import * as repository from './waitlist.repository.js';

const MINUTE_MS = 60_000;
/** Waiting entries considered per freed slot before giving up on it. */
const CANDIDATES_PER_RELEASE = 20;

function toEntry(row: WaitlistRow): WaitlistEntry {
  const offered =
    row.status === 'offered' &&
    row.offer_staff_id !== null &&
    row.offer_starts_at !== null &&
    row.offer_ends_at !== null &&
    row.offer_expires_at !== null;
  return {
    id: row.id,
    clientId: row.client_id,
    serviceId: row.service_id,
    staffId: row.staff_id,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    status: row.status,
    offer: offered
      ? {
          staffId: row.offer_staff_id as number,
          startsAt: row.offer_starts_at as Date,
          endsAt: row.offer_ends_at as Date,
          expiresAt: row.offer_expires_at as Date,
        }
      : null,
    bookingId: row.booking_id,
    createdAt: row.created_at,
  };
}

function entryNotFound(id: number): AppError {
  return notFoundError('waitlist entry', id);
}

/**
 * Puts a client on the waitlist for a service, with a specialist or any (`staffId`
 * null), for local dates `dateFrom`..`dateTo`. One active entry per client and
 * service. Run `processSlotReleases` after it: time that was freed while nobody waited
 * went to nobody (see `releaseSlot`), so the wanted days go to the waitlist pass with
 * the entry, and a time free in them now is offered to the first in line.
 *
 * @throws AppError `VALIDATION` (dates, or a range already over), `NOT_FOUND`,
 *   `CLIENT_BLOCKED`, `SERVICE_INACTIVE`, `STAFF_CANNOT_PERFORM`, `CONFLICT` (already waiting).
 */
export async function joinWaitlist(
  db: TenantExecutor,
  input: JoinWaitlistInput,
  now: Date = new Date(),
): Promise<WaitlistEntry> {
  const data = parseInput(JoinWaitlistInputSchema, input, 'waitlist entry');
  const [settings, client, schedule] = await Promise.all([
    getSettings(db),
    getClient(db, data.clientId),
    getServiceSchedule(db, data.serviceId),
  ]);
  if (client.blocked) {
    throw new AppError('CLIENT_BLOCKED', {
      message: `Client ${client.id} is blocked`,
      details: { clientId: client.id },
    });
  }
  const today = localDateIn(settings.timeZone, now.getTime());
  if (data.dateTo < today) {
    throw new AppError('VALIDATION', {
      message: 'Invalid waitlist entry: dateTo: the range is over',
      details: { what: 'waitlist entry', issues: [{ path: 'dateTo', message: 'in the past' }] },
    });
  }
  const candidates =
    data.staffId === null
      ? schedule.specialists
      : schedule.specialists.filter((entry) => entry.specialist.id === data.staffId);
  assertBookable({ schedule, candidates }, data.staffId ?? 'any');
  // Dates are 'yyyy-MM-dd' strings, which compare correctly as text.
  let dateFrom = data.dateFrom;
  if (dateFrom < today) {
    dateFrom = today;
  }
  // Days past the booking horizon cannot be booked yet: nothing there to offer now.
  const zone = settings.timeZone;
  const days = localDays(
    DateTime.fromISO(dateFrom, { zone }),
    DateTime.min(
      DateTime.fromISO(data.dateTo, { zone }),
      DateTime.fromISO(today, { zone }).plus({ days: settings.bookingHorizonDays }),
    ),
  );
  const row = await db
    .transaction()
    .execute(async (trx) => {
      const inserted = await repository.insertWaitlistEntry(trx, {
        client_id: data.clientId,
        service_id: data.serviceId,
        staff_id: data.staffId,
        date_from: dateFrom,
        date_to: data.dateTo,
        status: 'waiting',
        created_at: now,
        updated_at: now,
      });
      await bookings.insertSlotReleases(
        trx,
        candidates.flatMap(({ specialist }) =>
          days.map((day) => ({
            staff_id: specialist.id,
            starts_at: day.start < now ? now : day.start,
            ends_at: day.end,
            reason: 'joined',
            created_at: now,
          })),
        ),
      );
      return inserted;
    })
    .catch((error: unknown) => {
      if (pgErrorFacts(error)?.code === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', {
          message: `Client ${data.clientId} is already waiting for service ${data.serviceId}`,
          details: { reason: 'ALREADY_WAITING', serviceId: data.serviceId },
        });
      }
      throw error;
    });
  return toEntry(row);
}

/** The start and end of each local day from the day `from` starts to the day `to` starts. */
function localDays(from: DateTime, to: DateTime): Array<{ start: Date; end: Date }> {
  const days = [];
  for (let day = from; day <= to; day = day.plus({ days: 1 })) {
    days.push({ start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate() });
  }
  return days;
}

/**
 * Takes a client off the waitlist. If a slot was being held for them, it is
 * released to the next waiting client (run `processSlotReleases`).
 *
 * @returns whether a held slot was released.
 * @throws AppError `NOT_FOUND` (also for another client's entry), `INVALID_STATUS`
 *   when the entry is no longer waiting or offered.
 */
export async function leaveWaitlist(
  db: TenantExecutor,
  input: { entryId: number; actor: Actor },
  now: Date = new Date(),
): Promise<{ entry: WaitlistEntry; slotReleased: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockWaitlistEntry(trx, input.entryId);
    if (
      row === undefined ||
      (input.actor.kind === 'client' && row.client_id !== input.actor.clientId)
    ) {
      throw entryNotFound(input.entryId);
    }
    if (row.status !== 'waiting' && row.status !== 'offered') {
      throw new AppError('INVALID_STATUS', {
        message: `Waitlist entry ${row.id} is ${row.status}`,
        details: { entryId: row.id, status: row.status },
      });
    }
    const slotReleased = await releaseHold(trx, row, 'offer_declined', now);
    const updated = await repository.updateWaitlistEntry(trx, row.id, {
      status: 'cancelled',
      updated_at: now,
    });
    return { entry: toEntry(updated), slotReleased };
  });
}

async function releaseHold(
  db: TenantExecutor,
  row: WaitlistRow,
  reason: string,
  now: Date,
): Promise<boolean> {
  if (
    row.status !== 'offered' ||
    row.offer_staff_id === null ||
    row.offer_occupied_from === null ||
    row.offer_occupied_until === null
  ) {
    return false;
  }
  return releaseSlot(
    db,
    {
      staffId: row.offer_staff_id,
      from: row.offer_occupied_from,
      until: row.offer_occupied_until,
      reason,
    },
    now,
  );
}

/** Waitlist entries, optionally of one client and some statuses, oldest first (at most 500). */
export async function listWaitlist(
  db: TenantExecutor,
  filter: { clientId?: number; statuses?: readonly WaitlistStatus[] } = {},
): Promise<WaitlistEntry[]> {
  const rows = await repository.findWaitlistEntries(db, { ...filter, limit: 500 });
  return rows.map(toEntry);
}

/**
 * The waitlist pass: hands each freed slot in the outbox (written by cancel,
 * reschedule, unblock, a declined or lapsed offer) to the first waiting client it
 * fits, and holds it for them for `waitlistOfferMinutes`. Safe to run from several
 * workers at once: a release and the waiting entries are claimed with
 * `FOR UPDATE SKIP LOCKED` and a slot can be held for one entry only (exclusion
 * constraint), so a freed slot is offered exactly once. Each release is handled in
 * its own transaction.
 *
 * A waiting entry fits when the freed specialist performs its service (and is the
 * wanted one, unless any), the slot's local date is in its range, and a start of
 * its service inside the freed time is free under all booking rules.
 *
 * Offers whose hold lapsed are expired first (see {@link expireOffers}), so their
 * slots are offered again in the same pass.
 *
 * @returns the offers made, for the caller to deliver (e.g. enqueue a notification
 *   job per offer). Offers are also in Postgres (`listWaitlist` with `offered`), so
 *   a reconciler can redeliver after a crash.
 */
export async function processSlotReleases(
  db: TenantExecutor,
  options: { now?: Date; limit?: number } = {},
): Promise<WaitlistOffer[]> {
  const now = options.now ?? new Date();
  // A lapsed hold still counts for the one-offer-per-slot constraint until it is
  // expired, so expire first rather than trip over it.
  await expireLapsedOffers(db, now, 100);
  return offerReleases(db, now, options.limit ?? 50);
}

async function offerReleases(
  db: TenantExecutor,
  now: Date,
  limit: number,
): Promise<WaitlistOffer[]> {
  const offered: number[] = [];
  for (let handled = 0; handled < limit; handled += 1) {
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        const release = await bookings.lockNextSlotRelease(trx);
        if (release === undefined) {
          return 'drained' as const;
        }
        const entryId = await offerRelease(trx, release, now);
        await bookings.markSlotReleaseProcessed(trx, release.id, now);
        return entryId;
      })
      .catch((error: unknown) => {
        // Another worker held an overlapping slot for someone between our read and
        // write; the release stays pending and the next pass sees that hold.
        if (pgErrorFacts(error)?.code === EXCLUSION_VIOLATION) {
          return 'retry' as const;
        }
        throw error;
      });
    if (outcome === 'drained' || outcome === 'retry') {
      break;
    }
    if (outcome !== undefined) {
      offered.push(outcome);
    }
  }
  return findOffers(db, offered);
}

async function offerRelease(
  trx: TenantExecutor,
  release: SlotReleaseRow,
  now: Date,
): Promise<number | undefined> {
  const settings = await getSettings(trx);
  const date = localDateIn(settings.timeZone, release.starts_at.getTime());
  const candidates = await repository.lockWaitingCandidates(trx, {
    staffId: release.staff_id,
    date,
    limit: CANDIDATES_PER_RELEASE,
  });
  for (const entry of candidates) {
    const slot = await findFreeStartIn(trx, { entry, release, date, now });
    if (slot === undefined) {
      continue;
    }
    await repository.updateWaitlistEntry(trx, entry.id, {
      status: 'offered',
      offer_staff_id: release.staff_id,
      offer_starts_at: slot.startsAt,
      offer_ends_at: slot.endsAt,
      offer_occupied_from: slot.occupiedFrom,
      offer_occupied_until: slot.occupiedUntil,
      offer_expires_at: new Date(now.getTime() + settings.waitlistOfferMinutes * MINUTE_MS),
      updated_at: now,
    });
    return entry.id;
  }
  return undefined;
}

async function findFreeStartIn(
  trx: TenantExecutor,
  context: { entry: WaitlistRow; release: SlotReleaseRow; date: string; now: Date },
) {
  const { entry, release } = context;
  const loaded = await loadAvailability(trx, {
    serviceId: entry.service_id,
    staffId: release.staff_id,
    dates: { from: context.date, to: context.date },
    now: context.now,
  });
  const staffSchedule = loaded.staffSchedules.get(release.staff_id);
  if (!loaded.schedule.service.active || staffSchedule === undefined) {
    return undefined;
  }
  const slot = computeSlots(loaded.request).find(
    (candidate) => candidate.startsAt >= release.starts_at && candidate.startsAt < release.ends_at,
  );
  if (slot === undefined) {
    return undefined;
  }
  return {
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    occupiedFrom: new Date(slot.startsAt.getTime() - staffSchedule.bufferBeforeMinutes * MINUTE_MS),
    occupiedUntil: new Date(slot.endsAt.getTime() + staffSchedule.bufferAfterMinutes * MINUTE_MS),
  };
}

/**
 * Closes the one gap between joining and releasing. A statement that frees time (a
 * cancellation, a reschedule) writes a release only if it sees someone waiting; one
 * that started just before a join committed does not see that client, and if it
 * commits after the pass that followed the join read the bookings, neither notices the
 * freed time. Run every few minutes (the client bot's reconciler does), this releases
 * again the days joined since `since`, so the next pass finds that time; and it drops
 * releases handled more than a day ago, so the outbox does not grow without end.
 * Releasing a day twice is harmless: a pass offers only time that is free.
 *
 * @returns the releases written again.
 */
export async function recheckRecentJoins(
  db: TenantExecutor,
  options: { since: Date; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  await bookings.deleteProcessedSlotReleases(db, new Date(now.getTime() - 86_400_000));
  return bookings.rereleaseJoinedSince(db, { since: options.since, now });
}

/** Live offers by entry id, shaped for delivery. */
export async function findOffers(
  db: TenantExecutor,
  entryIds: readonly number[],
): Promise<WaitlistOffer[]> {
  const rows = await repository.findOfferViews(db, entryIds);
  return rows.flatMap((row) =>
    row.offer_staff_id === null ||
    row.offer_starts_at === null ||
    row.offer_ends_at === null ||
    row.offer_expires_at === null
      ? []
      : [
          {
            entryId: row.id,
            clientId: row.client_id,
            clientTelegramUserId: row.telegram_user_id,
            clientLocale: row.locale,
            serviceId: row.service_id,
            staffId: row.offer_staff_id,
            startsAt: row.offer_starts_at,
            endsAt: row.offer_ends_at,
            expiresAt: row.offer_expires_at,
          },
        ],
  );
}

/**
 * The expiry pass: offers whose hold ran out by `now` become `expired` and their
 * slot goes back to the outbox, then the waitlist pass offers it to the next waiting
 * client. Waiting entries whose date range is over also expire. Safe to run from
 * several workers (`SKIP LOCKED`). Run it every minute or so, or as a delayed job
 * at each offer's `expiresAt`.
 *
 * @returns the number of offers that lapsed and the new offers to deliver.
 */
export async function expireOffers(
  db: TenantExecutor,
  options: { now?: Date; limit?: number } = {},
): Promise<{ expired: number; offers: WaitlistOffer[] }> {
  const now = options.now ?? new Date();
  const expired = await expireLapsedOffers(db, now, options.limit ?? 100);
  const offers = await offerReleases(db, now, 50);
  return { expired, offers };
}

/** The lapse step of {@link expireOffers}: returns how many offers lapsed. */
async function expireLapsedOffers(db: TenantExecutor, now: Date, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lapsed = await repository.lockLapsedOffers(trx, now, limit);
    for (const row of lapsed) {
      await releaseHold(trx, row, 'offer_expired', now);
      await repository.updateWaitlistEntry(trx, row.id, { status: 'expired', updated_at: now });
    }
    const { timeZone } = await getSettings(trx);
    await repository.expireStaleEntries(trx, localDateIn(timeZone, now.getTime()), now);
    return lapsed.length;
  });
}

/**
 * Accepts an offer: the held slot becomes a confirmed booking of the client, under
 * every booking rule (limit, overlap, notice), in one transaction.
 *
 * @throws AppError `NOT_FOUND` (also another client's entry), `OFFER_EXPIRED` (the
 *   hold ran out or the entry is no longer offered), and the errors of `bookAppointment`.
 */
export async function acceptOffer(
  db: TenantExecutor,
  input: { entryId: number; clientId: number; comment?: string },
  now: Date = new Date(),
): Promise<Booking> {
  return db.transaction().execute(async (trx) => {
    const row = await repository.lockWaitlistEntry(trx, input.entryId);
    if (row === undefined || row.client_id !== input.clientId) {
      throw entryNotFound(input.entryId);
    }
    if (
      row.status !== 'offered' ||
      row.offer_expires_at === null ||
      row.offer_expires_at <= now ||
      row.offer_staff_id === null ||
      row.offer_starts_at === null
    ) {
      throw new AppError('OFFER_EXPIRED', {
        message: `The offer of waitlist entry ${row.id} is no longer valid`,
        details: { entryId: row.id, status: row.status },
      });
    }
    const booking = await bookWith(trx, {
      clientId: row.client_id,
      serviceId: row.service_id,
      staffId: row.offer_staff_id,
      startsAt: row.offer_starts_at,
      comment: input.comment?.trim() ?? '',
      actor: { kind: 'client', clientId: row.client_id },
      now,
      excludeEntryId: row.id,
    });
    await repository.updateWaitlistEntry(trx, row.id, {
      status: 'booked',
      booking_id: booking.id,
      updated_at: now,
    });
    return booking;
  });
}
