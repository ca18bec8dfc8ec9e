import type { ClientBotServices, ClientContext } from './context.js';
import { consoleAdmin } from './features/console/access.js';
import { mainMenu } from './keyboards.js';
import { showScreen } from './screen.js';

/**
 * The greeting with the business's name and contacts, and the main menu (with the
 * console's entry for the business's team).
 */
export async function showMenu(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  const business = settings.businessName || ctx.botInfo?.first_name || ctx.scope.tenant.slug;
  const lines = [ctx.t('start.greeting', { business })];
  if (settings.businessAddress) {
    lines.push(ctx.t('start.address', { address: settings.businessAddress }));
  }
  if (settings.businessPhone) {
    lines.push(ctx.t('start.phone', { phone: settings.businessPhone }));
  }
  lines.push('', ctx.t('menu.prompt'));
  const manage = (await consoleAdmin(ctx)) !== undefined;
  await showScreen(ctx, lines.join('\n'), mainMenu(ctx, services.codec, { manage }));
}
