import { escapeHtml, html } from '@booking/bot-kit';
import { listServices, setWorkingHours, type WeeklyHours } from '@booking/core';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { mainMenu } from '../../../keyboards.js';
import { showScreen } from '../../../screen.js';
import { consoleHomeRow } from '../menu.js';
import { consoleState } from '../state.js';
import { setupOf } from './ask.js';

/** Lines like `1-5 09:00-18:00`: weekdays (1 Monday … 7 Sunday) and one interval each. */
export function parseWeekdays(text: string): WeeklyHours | undefined {
  const hours: Record<string, Array<{ start: string; end: string }>> = {};
  const lines = text
    .split(/[\n;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines) {
    const match = /^([1-7])(?:\s*-\s*([1-7]))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!match) {
      return undefined;
    }
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    const start = (match[3] as string).padStart(5, '0');
    const end = (match[4] as string).padStart(5, '0');
    if (to < from) {
      return undefined;
    }
    for (let day = from; day <= to; day++) {
      hours[String(day)] = [...(hours[String(day)] ?? []), { start, end }];
    }
  }
  return lines.length > 0 ? hours : undefined;
}

/** Saves the hours, ends the setup, and shows the links and the customer's first screen. */
export async function finish(
  ctx: ClientContext,
  services: ClientBotServices,
  hours: WeeklyHours,
): Promise<void> {
  const setup = setupOf(ctx);
  if (!setup?.staffId) {
    return;
  }
  const { db, tenant } = ctx.scope;
  await setWorkingHours(db, setup.staffId, hours);
  consoleState(ctx).setup = undefined;
  consoleState(ctx).input = undefined;
  services.reads.forget(tenant.slug);
  const bot = ctx.botInfo?.username ?? tenant.botUsername ?? '';
  const list = await listServices(db);
  const links = list.map(
    (service) => `${escapeHtml(service.name)}: https://t.me/${bot}?start=svc_${service.id}`,
  );
  await showScreen(
    ctx,
    ctx.t('setup.done', { link: `https://t.me/${bot}`, services: links.join('\n') }),
    { inline_keyboard: [consoleHomeRow(ctx, services)] },
  );
  // The preview: the greeting and menu a customer's /start gets, as a new message.
  const settings = await services.reads.settings(tenant.slug, db);
  const lines = [ctx.t('start.greeting', { business: settings.businessName })];
  if (settings.businessAddress) {
    lines.push(ctx.t('start.address', { address: settings.businessAddress }));
  }
  if (settings.businessPhone) {
    lines.push(ctx.t('start.phone', { phone: settings.businessPhone }));
  }
  lines.push('', ctx.t('menu.prompt'));
  await ctx.reply(ctx.t('setup.preview', { screen: html(lines.join('\n')) }), {
    reply_markup: mainMenu(ctx, services.codec),
  });
}
