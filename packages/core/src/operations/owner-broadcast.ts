import { z } from 'zod';
import { type Database, type TenantExecutor, tenantDb } from '../db/index.js';
import {
  type DeliverOnceOptions,
  deliverOnce,
  deliveryKey,
  findDelivery,
} from '../deliveries/index.js';
import { isAppError } from '../errors/index.js';
import { getTenant, type Tenant } from '../tenants/index.js';
import { parseInput } from '../validation/index.js';
import { findTenantsForOperator } from './list-tenants.js';
import type { OperatorTenantFilter } from './operations.js';
import { type OperatorActor, recordOperatorAction } from './operator-audit.js';
import { findAuditRowByTarget, findUnfinishedAuditRows } from './operator-audit.repository.js';

const CREATED = 'broadcast.created';
const SENT = 'broadcast.sent';
const TARGET_PREFIX = 'broadcast:';
const DAY_MS = 86_400_000;
/** A broadcast begun longer ago than this is not resumed any more. */
const RESUME_WITHIN_DAYS = 7;

/** The longest message to owners (Telegram's limit for one message). */
export const OWNER_BROADCAST_MAX_LENGTH = 4096;

/** What an operator confirms to send to tenant owners. */
export const NewOwnerBroadcastSchema = z.object({
  text: z.string().trim().min(1).max(OWNER_BROADCAST_MAX_LENGTH),
  /** Where the progress and the report go (the operator's chat with the master bot). */
  chatId: z.number().int(),
  /** The locale of the progress and the report. */
  locale: z.string().min(2).max(10),
});
/** See {@link NewOwnerBroadcastSchema}. */
export type NewOwnerBroadcast = z.input<typeof NewOwnerBroadcastSchema>;

/** One owner a broadcast goes to, through the bot of the tenant. */
export interface OwnerRecipient {
  slug: string;
  ownerTelegramId: number;
}

/**
 * A message from the operators to tenant owners. Its recipients are fixed when it is
 * confirmed; it is kept in the operator audit (`broadcast.created`, whose id is its id),
 * and it is done once a `broadcast.sent` entry names it.
 */
export interface OwnerBroadcast {
  id: number;
  actor: OperatorActor;
  text: string;
  chatId: number;
  locale: string;
  recipients: OwnerRecipient[];
  /** Tenants of the audience that have no owner to write to. */
  withoutOwner: number;
  createdAt: Date;
}

/**
 * How the message to one owner ended: `sent`; `blocked` (the owner blocked the bot or
 * never started it); `failed` (a definite error answer); `unknown` (claimed by a run that
 * died before the answer came: it may have arrived, so it is never sent again); `gone`
 * (the tenant was deleted meanwhile, nothing was sent).
 */
export type OwnerOutcome = 'sent' | 'blocked' | 'failed' | 'unknown' | 'gone';

/** How many owners stand at each outcome, and how many tenants had no owner. */
export type OwnerBroadcastReport = Record<OwnerOutcome, number> & { withoutOwner: number };

/** What {@link sendOwnerBroadcast} needs. */
export interface SendOwnerBroadcastOptions extends DeliverOnceOptions {
  /** Sends the text to one owner through the tenant's own bot (rate-limited). */
  send: (tenant: Tenant, recipient: OwnerRecipient) => Promise<unknown>;
  /** Told after each owner, with how many of all are done. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** Aborted: the sending stops between two owners, unfinished (a later run resumes it). */
  signal?: AbortSignal;
}

/**
 * Fixes the owners of every tenant that `filter` finds (see `listTenantsForOperator`) as
 * the recipients of `input.text`, and records it as `broadcast.created` by `actor`. Send
 * it with {@link sendOwnerBroadcast}.
 *
 * @throws AppError `VALIDATION` for an empty or too long text.
 */
export async function createOwnerBroadcast(
  db: Database,
  actor: OperatorActor,
  filter: OperatorTenantFilter,
  input: NewOwnerBroadcast,
  now: Date = new Date(),
): Promise<OwnerBroadcast> {
  const data = parseInput(NewOwnerBroadcastSchema, input, 'broadcast');
  const tenants = await findTenantsForOperator(db, filter, now);
  const recipients = tenants.flatMap((tenant) =>
    tenant.ownerTelegramId === null
      ? []
      : [{ slug: tenant.slug, ownerTelegramId: Number(tenant.ownerTelegramId) }],
  );
  const withoutOwner = tenants.length - recipients.length;
  const details = {
    ...data,
    filter: { ...filter },
    recipients: recipients.map(({ slug, ownerTelegramId }) => [slug, ownerTelegramId]),
    withoutOwner,
  };
  const id = await recordOperatorAction(db, actor, CREATED, null, details);
  return { id, actor, ...data, recipients, withoutOwner, createdAt: now };
}

/**
 * Sends a broadcast to each of its owners at most once, however often it is run (a run
 * after a restart goes on with the owners left): each message is claimed in the tenant's
 * own `deliveries` before it leaves (core's `deliverOnce`, as every message that must
 * reach a person once). Then records `broadcast.sent` with the report. Returns the report,
 * or `undefined` when `signal` stopped it first or a run finished it already.
 *
 * @throws errors of Postgres as they come.
 */
export async function sendOwnerBroadcast(
  db: Database,
  broadcast: OwnerBroadcast,
  options: SendOwnerBroadcastOptions,
): Promise<OwnerBroadcastReport | undefined> {
  const report: OwnerBroadcastReport = {
    sent: 0,
    blocked: 0,
    failed: 0,
    unknown: 0,
    gone: 0,
    withoutOwner: broadcast.withoutOwner,
  };
  const target = `${TARGET_PREFIX}${broadcast.id}`;
  if (await findAuditRowByTarget(db, SENT, target)) {
    return undefined;
  }
  for (const [index, recipient] of broadcast.recipients.entries()) {
    if (options.signal?.aborted) {
      return undefined;
    }
    report[await sendToOwner(db, broadcast.id, recipient, options)]++;
    await options.onProgress?.(index + 1, broadcast.recipients.length);
  }
  // Two runs of one broadcast (two replicas resuming it) send nobody anything twice; the
  // one that ends first reports.
  if (await findAuditRowByTarget(db, SENT, target)) {
    return undefined;
  }
  await recordOperatorAction(db, broadcast.actor, SENT, target, { ...report });
  return report;
}

/**
 * Broadcasts begun within the last 7 days and not finished (their process stopped or
 * died mid-way), oldest first: run each with {@link sendOwnerBroadcast} again.
 */
export async function findUnfinishedOwnerBroadcasts(
  db: Database,
  now: Date = new Date(),
): Promise<OwnerBroadcast[]> {
  const rows = await findUnfinishedAuditRows(db, {
    startAction: CREATED,
    endAction: SENT,
    targetPrefix: TARGET_PREFIX,
    since: new Date(now.getTime() - RESUME_WITHIN_DAYS * DAY_MS),
  });
  return rows.map((row) => {
    const details = StoredBroadcastSchema.parse(row.details);
    return {
      id: Number(row.id),
      actor: row.actor,
      text: details.text,
      chatId: details.chatId,
      locale: details.locale,
      recipients: details.recipients.map(([slug, ownerTelegramId]) => ({ slug, ownerTelegramId })),
      withoutOwner: details.withoutOwner,
      createdAt: row.created_at,
    };
  });
}

/** What `broadcast.created` keeps (see {@link createOwnerBroadcast}). */
const StoredBroadcastSchema = z.object({
  text: z.string(),
  chatId: z.number(),
  locale: z.string(),
  recipients: z.array(z.tuple([z.string(), z.number()])),
  withoutOwner: z.number(),
});

/** The exactly-once key of a broadcast's message to one owner, in the tenant's schema. */
export function ownerBroadcastDeliveryKey(broadcastId: number, ownerTelegramId: number): string {
  return deliveryKey('operator-broadcast', broadcastId, ownerTelegramId);
}

async function sendToOwner(
  db: Database,
  broadcastId: number,
  recipient: OwnerRecipient,
  options: SendOwnerBroadcastOptions,
): Promise<OwnerOutcome> {
  const tenant = await getTenant(db, recipient.slug).catch((error: unknown) => {
    if (isAppError(error, 'NOT_FOUND')) {
      return undefined;
    }
    throw error;
  });
  if (!tenant || tenant.status === 'deleted') {
    return 'gone';
  }
  const tenantExecutor = tenantDb(db, tenant.schema);
  const key = ownerBroadcastDeliveryKey(broadcastId, recipient.ownerTelegramId);
  let sendError: unknown;
  const send = async () => {
    try {
      return await options.send(tenant, recipient);
    } catch (error) {
      sendError = error;
      throw error;
    }
  };
  try {
    const outcome = await deliverOnce(tenantExecutor, key, send, options);
    switch (outcome) {
      case 'sent':
      case 'unknown':
        return outcome;
      case 'refused':
        return 'blocked';
      case 'duplicate':
        return earlierOutcome(tenantExecutor, key);
    }
  } catch (error) {
    // deliverOnce rethrows only a send's definite failure, its claim released: a later
    // run of an unfinished broadcast tries this owner again. Anything else is Postgres's.
    if (error !== undefined && error === sendError) {
      return 'failed';
    }
    throw error;
  }
}

/** The outcome of a message claimed by an earlier run. */
async function earlierOutcome(db: TenantExecutor, key: string): Promise<OwnerOutcome> {
  const delivery = await findDelivery(db, key);
  switch (delivery?.status) {
    case 'sent':
      return 'sent';
    case 'refused':
      return 'blocked';
    default:
      return 'unknown';
  }
}
