export {
  type OnboardedTenant,
  type OnboardTenantInput,
  onboardingSlug,
  onboardTenant,
} from './onboard-tenant.js';
export { getOwnerBot, listOwnerBots, type OwnerBot } from './owner-bots.js';
