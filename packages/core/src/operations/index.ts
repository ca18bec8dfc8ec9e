export {
  type AlertThresholds,
  type Incident,
  type IncidentKind,
  readIncidents,
} from './alert-conditions.js';
export { extendTenantBy, ManualPaymentSchema } from './extend-tenant.js';
export {
  EXPIRING_SOON_DAYS,
  findTenantsForOperator,
  listTenantsForOperator,
} from './list-tenants.js';
export type {
  ManualPaymentInput,
  OperatorDeps,
  OperatorTenantFilter,
  PlatformStats,
  ServingProcess,
  TenantCard,
  TenantPage,
} from './operations.js';
export {
  apiActor,
  CLI_ACTOR,
  listOperatorAudit,
  type OperatorActor,
  type OperatorAuditEntry,
  operatorActor,
  recordOperatorAction,
} from './operator-audit.js';
export {
  createOwnerBroadcast,
  findUnfinishedOwnerBroadcasts,
  type NewOwnerBroadcast,
  NewOwnerBroadcastSchema,
  OWNER_BROADCAST_MAX_LENGTH,
  type OwnerBroadcast,
  type OwnerBroadcastReport,
  type OwnerOutcome,
  type OwnerRecipient,
  ownerBroadcastDeliveryKey,
  type SendOwnerBroadcastOptions,
  sendOwnerBroadcast,
} from './owner-broadcast.js';
export { getPlatformStats } from './platform-stats.js';
export {
  changeTenantPlanBy,
  deleteTenantBy,
  pinTenantBy,
  provisionTenantBy,
  replaceTenantTokenBy,
  resumeTenantBy,
  suspendTenantBy,
  unpinTenantBy,
  updateTenantBy,
} from './tenant-actions.js';
export { getTenantCard } from './tenant-card.js';
