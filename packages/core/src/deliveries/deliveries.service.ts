import type { TenantExecutor } from '../db/index.js';
import { AppError } from '../errors/index.js';
import type { Delivery, DeliveryOutcome, SendFailureKind } from './deliveries.js';
import * as repository from './deliveries.repository.js';

const KEY_MAX_LENGTH = 200;

/**
 * The key of one message: its kind and what makes it unique, joined with `:`, such as
 * `deliveryKey('reminder', 42, 60, '2030-01-07T09:00:00.000Z')`. Two messages that must
 * both be sent need different keys; one message retried keeps its key.
 *
 * @throws AppError `VALIDATION` when the key would be longer than 200 characters.
 */
export function deliveryKey(kind: string, ...parts: Array<string | number>): string {
  const key = [kind, ...parts].join(':');
  if (kind.length === 0 || key.length > KEY_MAX_LENGTH) {
    throw new AppError('VALIDATION', {
      message: `A delivery key has 1 to ${KEY_MAX_LENGTH} characters`,
      details: { field: 'key' },
    });
  }
  return key;
}

/**
 * Claims the message `key` for this sender, in its own statement: call it outside any
 * transaction, so the claim is committed before the request leaves. Returns true when
 * the caller now holds the claim and must send; false when the message was sent, was
 * refused, or another sender holds it (it may be in flight, or its sender died
 * mid-request: either way, sending again could deliver it twice).
 */
export async function claimDelivery(db: TenantExecutor, key: string, now: Date): Promise<boolean> {
  return (await repository.insertOrReclaimDelivery(db, key, now)) !== undefined;
}

/** Records that the claimed message was delivered. Returns false if it was not claimed. */
export async function markDeliverySent(
  db: TenantExecutor,
  key: string,
  now: Date,
): Promise<boolean> {
  return repository.finishClaimedDelivery(db, key, 'sent', now);
}

/**
 * Gives the claim up after a send that provably failed (a definite error answer), so the
 * next {@link claimDelivery} retries it. Never call it when the outcome is unknown.
 * Returns false if it was not claimed.
 */
export async function releaseDelivery(
  db: TenantExecutor,
  key: string,
  now: Date,
): Promise<boolean> {
  return repository.finishClaimedDelivery(db, key, 'released', now);
}

/** Records that the message can never be delivered (blocked): nobody claims it again. */
export async function markDeliveryRefused(
  db: TenantExecutor,
  key: string,
  now: Date,
): Promise<boolean> {
  return repository.finishClaimedDelivery(db, key, 'refused', now);
}

/** The claim of `key`, if the message was ever claimed. */
export async function findDelivery(db: TenantExecutor, key: string): Promise<Delivery | undefined> {
  const row = await repository.findDeliveryByKey(db, key);
  return (
    row && {
      key: row.key,
      status: row.status,
      attempts: row.attempts,
      claimedAt: row.claimed_at,
      finishedAt: row.finished_at,
    }
  );
}

/**
 * Forgets the claims taken before `claimedBefore`. Call it with an instant past which
 * no sender asks for those messages again (a reminder's job and its reconciling are
 * over within days), or an old message would be sent once more. Returns how many.
 */
export async function forgetDeliveries(db: TenantExecutor, claimedBefore: Date): Promise<number> {
  return repository.deleteDeliveriesClaimedBefore(db, claimedBefore);
}

/** Options of {@link deliverOnce}. */
export interface DeliverOnceOptions {
  now: () => Date;
  /** What a send's error means; only the transport can tell (see {@link SendFailureKind}). */
  classify: (error: unknown) => SendFailureKind;
}

/**
 * Sends the message `key` at most once, however often it is asked to: claims it (a
 * committed statement), runs `send`, and records the outcome. A send that failed with a
 * definite error answer is released and its error rethrown, so the caller's retry sends
 * it again; a refusal is recorded and reported as `refused`; a failure without a definite
 * answer keeps the claim and reports `unknown`. A crash between the claim and the answer
 * leaves the claim too: such a message may be lost, but it is never sent twice.
 *
 * @throws the error of `send` when it was `failed`; errors of Postgres as they come.
 */
export async function deliverOnce(
  db: TenantExecutor,
  key: string,
  send: () => Promise<unknown>,
  options: DeliverOnceOptions,
): Promise<DeliveryOutcome> {
  if (!(await claimDelivery(db, key, options.now()))) {
    return 'duplicate';
  }
  try {
    await send();
  } catch (error) {
    const kind = options.classify(error);
    switch (kind) {
      case 'failed':
        await releaseDelivery(db, key, options.now());
        throw error;
      case 'refused':
        await markDeliveryRefused(db, key, options.now());
        return 'refused';
      case 'unknown':
        return 'unknown';
    }
  }
  await markDeliverySent(db, key, options.now());
  return 'sent';
}
