import {
  type Booking,
  findSendingBroadcasts,
  forgetDeliveries,
  getSettings,
  listBookings,
  listWaitlist,
  recheckRecentJoins,
  type TenantExecutor,
} from '@booking/core';
import type { ClientJobs } from './queues.js';

const DELIVERY_MEMORY_MS = 30 * 86_400_000;

/** What {@link reconcileTenantJobs} re-created. */
export interface ReconcileResult {
  visits: number;
  offers: number;
  /** Waitlist releases of recent joins written again (see `recheckRecentJoins`). */
  rechecked: number;
  /** Broadcasts still sending, whose jobs were queued again. */
  broadcasts: number;
}

/** Options of {@link reconcileTenantJobs}. */
export interface ReconcileOptions {
  /** Days joined this long ago are released again for the waitlist pass. Default 10 min. */
  recheckWindowMs?: number;
  /** Bookings read from Postgres and planned in Redis per round trip. Default 500. */
  batchSize?: number;
}

/**
 * Re-creates the jobs Postgres says must exist: the reminders and feedback requests of
 * every confirmed booking from a day ago (feedback still due) to the booking horizon,
 * the delivery and expiry of every live waitlist offer, and one waitlist pass for
 * slots freed while no worker ran, with the days joined within `recheckWindowMs`
 * released again for it (run at least twice per window, this catches time freed while
 * a client joined), and the job of every broadcast still sending. Bookings are read a batch at a time, each batch planned in one
 * Redis round trip. Job ids are deterministic, so jobs that exist are left alone:
 * after a Redis flush nothing is lost (a reminder that came due meanwhile is sent
 * late, see `plannedReminders`), and in normal times nothing doubles; a reminder
 * planned again after it was sent is not sent twice (its delivery is claimed). Claims
 * older than a month are forgotten.
 */
export async function reconcileTenantJobs(
  db: TenantExecutor,
  slug: string,
  jobs: ClientJobs,
  now: Date,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const settings = await getSettings(db);
  const batchSize = options.batchSize ?? 500;
  const from = new Date(now.getTime() - 86_400_000);
  const until = new Date(now.getTime() + (settings.bookingHorizonDays + 1) * 86_400_000);
  let visits = 0;
  let after: Booking | undefined;
  for (;;) {
    const bookings = await listBookings(db, {
      from,
      until,
      statuses: ['confirmed'],
      after,
      limit: batchSize,
    });
    await jobs.scheduleVisits(slug, bookings, settings, now);
    visits += bookings.length;
    after = bookings.at(-1);
    if (bookings.length < batchSize || after === undefined) {
      break;
    }
  }
  const offered = await listWaitlist(db, { statuses: ['offered'] });
  for (const entry of offered) {
    if (entry.offer && entry.offer.expiresAt > now) {
      await jobs.deliverOffer(slug, entry.id, entry.offer.expiresAt);
      await jobs.expireOffersAt(slug, entry.offer.expiresAt, now);
    }
  }
  const rechecked = await recheckRecentJoins(db, {
    since: new Date(now.getTime() - (options.recheckWindowMs ?? 10 * 60_000)),
    now,
  });
  await jobs.runWaitlistPass(slug);
  // A broadcast's job resumes where the last run stopped (Postgres holds each outcome).
  const broadcasts = await findSendingBroadcasts(db);
  for (const broadcast of broadcasts) {
    await jobs.sendBroadcast(slug, broadcast.id);
  }
  // No job asks about a message claimed a month ago: reminders go at most two weeks
  // before visits at most a day past, and finished jobs are forgotten after a week.
  await forgetDeliveries(db, new Date(now.getTime() - DELIVERY_MEMORY_MS));
  return { visits, offers: offered.length, rechecked, broadcasts: broadcasts.length };
}
