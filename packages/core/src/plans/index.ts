export { amountToKopecks, kopecksToAmount, type Plan, TRIAL_DAYS } from './plan.js';
export { getPlan, listPlans } from './plans.service.js';
export type { PlanRow, PlansTable } from './plans.table.js';
