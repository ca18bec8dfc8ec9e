import {
  getSettings,
  listBookings,
  listWaitlist,
  recheckRecentJoins,
  type TenantExecutor,
} from '@booking/core';
import type { ClientJobs } from './queues.js';

/** What {@link reconcileTenantJobs} re-created. */
export interface ReconcileResult {
  visits: number;
  offers: number;
  /** Waitlist releases of recent joins written again (see `recheckRecentJoins`). */
  rechecked: number;
}

/**
 * Re-creates the jobs Postgres says must exist: the reminders and feedback requests of
 * every confirmed booking from a day ago (feedback still due) to the booking horizon,
 * the delivery and expiry of every live waitlist offer, and one waitlist pass for
 * slots freed while no worker ran, with the days joined within `recheckWindowMs`
 * released again for it (run at least twice per window, this catches time freed while
 * a client joined). Job ids are deterministic, so jobs that exist are left alone:
 * after a Redis flush nothing is lost, and in normal times nothing doubles.
 */
export async function reconcileTenantJobs(
  db: TenantExecutor,
  slug: string,
  jobs: ClientJobs,
  now: Date,
  recheckWindowMs = 10 * 60_000,
): Promise<ReconcileResult> {
  const settings = await getSettings(db);
  const bookings = await listBookings(db, {
    from: new Date(now.getTime() - 86_400_000),
    until: new Date(now.getTime() + (settings.bookingHorizonDays + 1) * 86_400_000),
    statuses: ['confirmed'],
    limit: 5000,
  });
  for (const booking of bookings) {
    await jobs.scheduleVisit(slug, booking, settings, now);
  }
  const offered = await listWaitlist(db, { statuses: ['offered'] });
  for (const entry of offered) {
    if (entry.offer && entry.offer.expiresAt > now) {
      await jobs.deliverOffer(slug, entry.id, entry.offer.expiresAt);
      await jobs.expireOffersAt(slug, entry.offer.expiresAt, now);
    }
  }
  const rechecked = await recheckRecentJoins(db, {
    since: new Date(now.getTime() - recheckWindowMs),
    now,
  });
  await jobs.runWaitlistPass(slug);
  return { visits: bookings.length, offers: offered.length, rechecked };
}
