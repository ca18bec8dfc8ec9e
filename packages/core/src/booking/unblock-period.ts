import { recordAudit } from '../audit/index.js';
import { deleteBlockedPeriod, listSpecialists } from '../catalogue/index.js';
import type { TenantExecutor } from '../db/index.js';
import { type Actor, actorLabel } from './booking.js';
import { releaseSlot } from './booking-access.js';

/**
 * Removes a blocked period and puts its future part in the waitlist outbox (for
 * every active specialist when the block was business-wide), in one transaction,
 * with an audit row.
 *
 * @returns whether any time was released while clients wait (then trigger
 *   `processSlotReleases`).
 * @throws AppError `NOT_FOUND`.
 */
export async function unblockPeriod(
  db: TenantExecutor,
  input: { blockedPeriodId: number; actor: Actor; now?: Date },
): Promise<{ slotReleased: boolean }> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const period = await deleteBlockedPeriod(trx, input.blockedPeriodId);
    const staffIds =
      period.staffId === null
        ? (await listSpecialists(trx)).map((specialist) => specialist.id)
        : [period.staffId];
    let slotReleased = false;
    for (const staffId of staffIds) {
      const released = await releaseSlot(
        trx,
        { staffId, from: period.startsAt, until: period.endsAt, reason: 'unblocked' },
        now,
      );
      slotReleased ||= released;
    }
    await recordAudit(
      trx,
      {
        actor: actorLabel(input.actor),
        action: 'blocked_period.removed',
        target: `blocked_period:${period.id}`,
        details: {
          staffId: period.staffId,
          startsAt: period.startsAt.toISOString(),
          endsAt: period.endsAt.toISOString(),
          reason: period.reason,
        },
      },
      now,
    );
    return { slotReleased };
  });
}
