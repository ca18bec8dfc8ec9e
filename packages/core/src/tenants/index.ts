export {
  setTenantPaidPeriodInTransaction,
  type TenantPaidPeriod,
} from './billing-period.js';
export {
  FLEET_HEARTBEAT_EVERY_MS,
  FLEET_HEARTBEAT_PREFIX,
  FLEET_HEARTBEAT_TTL_SECONDS,
  type FleetHeartbeat,
  FleetHeartbeatSchema,
  type FleetHeartbeats,
  readFleetHeartbeats,
  removeFleetHeartbeat,
  writeFleetHeartbeat,
} from './fleet-heartbeat.js';
export {
  type FleetTenant,
  listFleetTenants,
  markTenantTokenRejected,
  pinTenant,
  replaceTenantBotToken,
  unpinTenant,
} from './fleet-tenants.js';
export { assertValidSlug, SLUG_PATTERN, tenantSchemaName } from './slug.js';
export {
  type BotStatus,
  type Locale,
  SUPPORTED_LOCALES,
  type Tenant,
  type TenantStatus,
} from './tenant.js';
export type { TenantRow } from './tenant.repository.js';
export {
  type DeleteTenantOptions,
  type DeleteTenantResult,
  deleteTenant,
  getTenant,
  getTenantBotToken,
  invalidTenant,
  type ListTenantsOptions,
  listTenants,
  lockLiveTenantRow,
  type ProvisionTenantInput,
  ProvisionTenantInputSchema,
  type ProvisionTenantResult,
  provisionTenant,
  resumeTenant,
  suspendTenant,
  type TenantChangeDeps,
  type TenantDeps,
  toTenant,
} from './tenant.service.js';
export {
  parseTenantChange,
  publishTenantChange,
  TENANT_CHANGES,
  TENANT_CHANGES_CHANNEL,
  type TenantChange,
  type TenantChangeNotice,
  TenantChangeNoticeSchema,
} from './tenant-changes.js';
export { BOT_TOKEN_PATTERN, decryptToken, encryptToken, hashToken } from './token-crypto.js';
export { type UpdateTenantInput, UpdateTenantInputSchema, updateTenant } from './update-tenant.js';
