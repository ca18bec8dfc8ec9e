import type { Kysely } from 'kysely';

/**
 * One step of a migration set. `up` runs inside a transaction; it must not commit
 * or open its own. Migrations are append-only: once committed, a migration is never
 * edited, a new one is added instead.
 */
export interface Migration {
  /** Unique, ordered name such as `0001-tenants`. */
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  up(trx: Kysely<any>): Promise<void>;
}
