export {
  setTenantPaidPeriodInTransaction,
  type TenantPaidPeriod,
} from './billing-period.js';
export { assertValidSlug, SLUG_PATTERN, tenantSchemaName } from './slug.js';
export { type Locale, SUPPORTED_LOCALES, type Tenant, type TenantStatus } from './tenant.js';
export {
  type DeleteTenantOptions,
  type DeleteTenantResult,
  deleteTenant,
  getTenant,
  getTenantBotToken,
  type ListTenantsOptions,
  listTenants,
  type ProvisionTenantInput,
  ProvisionTenantInputSchema,
  type ProvisionTenantResult,
  provisionTenant,
  resumeTenant,
  suspendTenant,
  type TenantDeps,
} from './tenant.service.js';
export { BOT_TOKEN_PATTERN, decryptToken, encryptToken, hashToken } from './token-crypto.js';
export { type UpdateTenantInput, UpdateTenantInputSchema, updateTenant } from './update-tenant.js';
