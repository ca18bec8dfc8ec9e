import type { Admin } from '@booking/core';
import type { InlineKeyboardButton } from 'telegraf/types';
import { CB } from '../../callbacks.js';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { button } from '../../keyboards.js';
import { showScreen } from '../../screen.js';
import { CONSOLE_CB } from './callbacks.js';
import { visibleSections } from './sections.js';

/** The console menu: the sections the admin's role may use, two per row. */
export async function showConsoleMenu(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
): Promise<void> {
  const { codec } = services;
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  const business = settings.businessName || ctx.botInfo?.first_name || ctx.scope.tenant.slug;
  const sections = visibleSections(admin.role);
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < sections.length; i += 2) {
    rows.push(
      sections
        .slice(i, i + 2)
        .map((section) => button(ctx, codec, section.label, CONSOLE_CB.section, section.id)),
    );
  }
  rows.push([button(ctx, codec, 'console.customer_view', CB.menu, 'home')]);
  const lines = [ctx.t('console.title', { business, role: ctx.t(`console.role.${admin.role}`) })];
  if (sections.length === 0) {
    lines.push('', ctx.t('console.no_sections'));
  }
  await showScreen(ctx, lines.join('\n'), { inline_keyboard: rows });
}

/** A row with one "⚙️ Console" button, for the end of a console screen. */
export function consoleHomeRow(
  ctx: ClientContext,
  services: ClientBotServices,
): InlineKeyboardButton[] {
  return [button(ctx, services.codec, 'console.home', CONSOLE_CB.home)];
}
