import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { autoRenewStep } from './auto-renew.js';
import { businessNameStep } from './business-name.js';
import { choosePlanStep } from './choose-plan.js';
import { emailStep } from './email.js';
import { paymentStep } from './payment.js';

/** Checkout: plan → business name → receipt email → auto-renewal → order and payment. */
export function checkoutFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.use(
    choosePlanStep(services),
    businessNameStep(),
    emailStep(services),
    autoRenewStep(services),
    paymentStep(services),
  );
  return composer;
}
