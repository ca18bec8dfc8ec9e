/**
 * Where a message that must reach a person exactly once stands:
 *
 * - `claimed`: a sender decided to send it and may have; nobody sends it again. A claim
 *   whose sender died mid-request stays here: its outcome is unknown.
 * - `sent`: the recipient's service confirmed it.
 * - `released`: the send provably failed (a definite error answer); the next claim retries.
 * - `refused`: it can never be delivered (the person blocked the bot); nobody retries.
 */
export type DeliveryStatus = 'claimed' | 'sent' | 'released' | 'refused';

/** One message's claim. */
export interface Delivery {
  key: string;
  status: DeliveryStatus;
  /** How many times it was claimed: 1, plus one per retry after a release. */
  attempts: number;
  claimedAt: Date;
  /** When it was sent, released or refused; null while claimed. */
  finishedAt: Date | null;
}

/**
 * How a failed send ended, as only the caller's transport can tell:
 *
 * - `failed`: a definite error answer, nothing was delivered: release it for a retry;
 * - `refused`: a definite and final refusal (blocked by the person): never retry;
 * - `unknown`: the request may have been carried out (no answer, a dropped connection,
 *   a proxy's error page): keep the claim, because sending twice is worse than maybe not
 *   at all.
 */
export type SendFailureKind = 'failed' | 'refused' | 'unknown';

/**
 * What {@link deliverOnce} did: `sent`; `duplicate` when the key was already claimed or
 * sent (nothing was sent now); `refused` when the send was refused for good; `unknown`
 * when the send failed without a definite answer and the claim was kept.
 */
export type DeliveryOutcome = 'sent' | 'duplicate' | 'refused' | 'unknown';
