import { createHash } from 'node:crypto';

/** What keeps one developer's `pnpm dev` apart from another's on a shared Redis. */
export interface DevNamespace {
  /** `DEV_NAMESPACE` when set, else the database's name; letters, digits and `_`. */
  name: string;
  /** The demo salon's tenant slug; its Redis keys live under `t:{<slug>}:`. */
  slug: string;
  /** Namespace of the demo's BullMQ queues (`<queueNamespace>:bq`). */
  queueNamespace: string;
  /**
   * The demo's Telegram users: the salon's owner, three customers, and a prospect who
   * buys a bot in the sales bot.
   */
  userIds: { owner: number; ann: number; ivan: number; lucia: number; prospect: number };
}

const MAX_NAME = 30;

/**
 * Derives the demo's tenant slug (and so its Redis prefix), queue namespace and user ids
 * from `DEV_NAMESPACE` or, without it, from the name of the database in `databaseUrl`.
 * The same input always gives the same values, so a restart finds its data again; two
 * databases give different ones, so two developers sharing a Redis never meet.
 */
export function devNamespace(databaseUrl: string, override?: string): DevNamespace {
  const raw = override ?? decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const digest = createHash('sha256').update(raw).digest();
  const clean = raw.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  // A name that had to change (or shorten) keeps a hash of the original, so that
  // `a-b` and `a_b` stay apart.
  const name =
    clean === raw && clean.length > 0 && clean.length <= MAX_NAME
      ? clean
      : `${clean.slice(0, MAX_NAME - 7)}_${digest.toString('hex').slice(0, 6)}`;
  const base = 700_000_000 + (digest.readUInt32BE(0) % 100_000) * 10;
  return {
    name,
    slug: `demo_${name}`,
    queueNamespace: `dev_${name}`,
    userIds: {
      owner: base + 1,
      ann: base + 2,
      ivan: base + 3,
      lucia: base + 4,
      prospect: base + 5,
    },
  };
}
