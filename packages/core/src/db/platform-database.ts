import type { ColumnType, Generated } from 'kysely';
import type { OrdersTable } from '../orders/orders.table.js';
import type {
  PaymentsTable,
  PaymentTransitionsTable,
  RefundsTable,
} from '../payments/payments.table.js';
import type { PlansTable } from '../plans/plans.table.js';
import type { SubscriptionsTable, TrialsTable } from '../subscriptions/subscriptions.table.js';

/** Status of a tenant: only `active` tenants serve customers. */
export type TenantStatus = 'active' | 'suspended' | 'deleted';

/**
 * Whether Telegram takes the tenant's bot token: `token_rejected` after a 401 (revoked)
 * or 404 (bot deleted); a new token sets `ok` again.
 */
export type BotStatus = 'ok' | 'token_rejected';

/** `platform.tenants`. */
export interface TenantsTable {
  id: Generated<number>;
  slug: string;
  schema_name: string;
  status: ColumnType<TenantStatus, TenantStatus | undefined, TenantStatus>;
  /** AES-256-GCM ciphertext of the bot token, `v1:<iv>:<tag>:<data>` in base64url. */
  bot_token_encrypted: string;
  /** HMAC-SHA256 of the token under the encryption key: finds a tenant by token without decrypting. */
  bot_token_hash: string;
  bot_username: string | null;
  owner_telegram_id: number | null;
  time_zone: string;
  locale: string;
  plan: string;
  paid_until: Date | null;
  /** Number of tenant migrations applied to the schema. */
  schema_version: ColumnType<number, number | undefined, number>;
  /** Served by a container of its own (`client-bot --tenant`); the fleet leaves it alone. */
  pinned: ColumnType<boolean, boolean | undefined, boolean>;
  bot_status: ColumnType<BotStatus, BotStatus | undefined, BotStatus>;
  /** When `bot_status` last changed. */
  bot_status_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** `platform.migrations`: names of the applied platform migrations. */
export interface PlatformMigrationsTable {
  name: string;
  applied_at: ColumnType<Date, Date | undefined, never>;
}

/** `platform.spare_schemas`: tenant schemas migrated ahead of time, waiting for a tenant. */
export interface SpareSchemasTable {
  id: Generated<number>;
  schema_name: string;
  schema_version: number;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** `platform.operator_audit`: who changed which tenant how (see the operations domain). */
export interface OperatorAuditTable {
  id: Generated<number>;
  /** `operator:<telegram id>`, `api:<key name>` or `cli`. */
  actor: string;
  /** Dotted, e.g. `tenant.suspended`, `callback.refused`. */
  action: string;
  /** The tenant's slug, or `null` for platform-wide actions. */
  target: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Tables of the `platform` schema, as Kysely sees them (`platform.<table>`). */
export interface PlatformDatabase {
  'platform.tenants': TenantsTable;
  'platform.migrations': PlatformMigrationsTable;
  'platform.spare_schemas': SpareSchemasTable;
  'platform.plans': PlansTable;
  'platform.orders': OrdersTable;
  'platform.payments': PaymentsTable;
  'platform.payment_transitions': PaymentTransitionsTable;
  'platform.refunds': RefundsTable;
  'platform.subscriptions': SubscriptionsTable;
  'platform.trials': TrialsTable;
  'platform.operator_audit': OperatorAuditTable;
}
