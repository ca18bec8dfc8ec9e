import { outdatedButtons } from '@booking/bot-kit';
import { Composer } from 'telegraf';
import type { SalesBotServices, SalesContext } from '../context.js';
import { showMenu } from './start.js';

/** What no other feature took: outdated buttons, texts nobody asked for, media. */
export function fallbackFeature(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.use(outdatedButtons<SalesContext>());
  composer.on('text', (ctx) => showMenu(ctx, services, 'fallback.text'));
  composer.on('message', (ctx) => showMenu(ctx, services, 'fallback.unsupported'));
  return composer;
}
