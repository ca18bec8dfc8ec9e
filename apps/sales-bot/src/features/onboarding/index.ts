import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../../context.js';
import { setupStep } from './setup.js';
import { tokenStep } from './token.js';

/** Onboarding after payment: BotFather's steps, then the token, then the live bot. */
export function onboardingFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.use(setupStep(services), tokenStep(services));
  return composer;
}
