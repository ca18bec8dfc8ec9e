import type { Booking } from '@booking/core';

/** A reminder to plan: its offset before the start and how long until it is due. */
export interface PlannedReminder {
  offsetMinutes: number;
  /** Milliseconds until it is due; 0 for one that is overdue but still worth sending. */
  delayMs: number;
}

const MINUTE_MS = 60_000;

/**
 * The reminders a confirmed booking should have in the queue at `now`: every one still
 * ahead, plus the latest one already due, when it came due while the booking held its
 * start (after it was booked or moved) and the visit has not begun. That one was lost
 * (a Redis that lost its data, a worker that was down): it is sent late rather than
 * never. Earlier overdue ones are not: the client hears one reminder, the latest.
 */
export function plannedReminders(
  booking: Pick<Booking, 'startsAt' | 'updatedAt'>,
  offsetsMinutes: readonly number[],
  now: Date,
): PlannedReminder[] {
  const start = booking.startsAt.getTime();
  const planned: PlannedReminder[] = [];
  let latestOverdue: number | undefined;
  for (const offsetMinutes of offsetsMinutes) {
    const dueAt = start - offsetMinutes * MINUTE_MS;
    if (dueAt > now.getTime()) {
      planned.push({ offsetMinutes, delayMs: dueAt - now.getTime() });
    } else if (
      dueAt > booking.updatedAt.getTime() &&
      (latestOverdue === undefined || offsetMinutes < latestOverdue)
    ) {
      latestOverdue = offsetMinutes;
    }
  }
  if (latestOverdue !== undefined && now.getTime() < start) {
    planned.push({ offsetMinutes: latestOverdue, delayMs: 0 });
  }
  return planned;
}

/**
 * Whether the reminder at `offsetMinutes` is still worth sending at `now`: not once the
 * visit has begun, and not when a later reminder is due too (a worker that was down
 * finds both; the client hears the latest only).
 */
export function reminderStillUseful(
  startsAt: Date,
  offsetsMinutes: readonly number[],
  offsetMinutes: number,
  now: Date,
): boolean {
  const start = startsAt.getTime();
  if (now.getTime() >= start) {
    return false;
  }
  return !offsetsMinutes.some(
    (later) => later < offsetMinutes && start - later * MINUTE_MS <= now.getTime(),
  );
}
