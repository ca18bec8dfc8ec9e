import { pageAuditLog } from '@booking/core';
import { DateTime } from 'luxon';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import type { ConsoleSection } from '../sections.js';

/** Callback actions of the audit viewer. */
export const AUDIT_CB = { page: 'au.p' } as const;

/** Entries per page: a screen stays short enough to read on a phone. */
const PAGE_SIZE = 10;

/**
 * One page of the audit log, newest first: entries older than `beforeId` (from the
 * newest without it). `page` is only shown; the id keeps the pages stable.
 */
async function showAuditPage(
  ctx: ClientContext,
  services: ClientBotServices,
  beforeId: number | undefined,
  page: number,
): Promise<void> {
  const [{ entries, olderThanId }, settings] = await Promise.all([
    pageAuditLog(ctx.scope.db, { beforeId, limit: PAGE_SIZE }),
    services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db),
  ]);
  const home = consoleHomeRow(ctx, services);
  if (entries.length === 0 && beforeId === undefined) {
    await showScreen(ctx, ctx.t('console.audit.empty'), { inline_keyboard: [home] });
    return;
  }
  const lines = entries.map((entry) =>
    ctx.t('console.audit.line', {
      when: DateTime.fromJSDate(entry.createdAt, { zone: settings.timeZone }).toFormat(
        'dd.MM.yyyy HH:mm',
      ),
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? '',
    }),
  );
  const nav: InlineKeyboardButton[] = [];
  if (beforeId !== undefined) {
    nav.push(button(ctx, services.codec, 'console.audit.newest', AUDIT_CB.page, '', 1));
  }
  if (olderThanId !== undefined) {
    nav.push(
      button(ctx, services.codec, 'console.audit.older', AUDIT_CB.page, olderThanId, page + 1),
    );
  }
  await showScreen(ctx, [ctx.t('console.audit.title', { page }), ...lines].join('\n\n'), {
    inline_keyboard: [...(nav.length > 0 ? [nav] : []), home],
  });
}

/** The owner's view of every console change (and every refused attempt), paged. */
export const auditSection: ConsoleSection = {
  id: 'audit',
  label: 'console.section.audit',
  minRole: 'owner',
  open: (ctx, _admin, services) => showAuditPage(ctx, services, undefined, 1),
  feature(services) {
    const composer = new Composer<ClientContext>();
    composer.use(
      consoleAction(services, AUDIT_CB.page, 'owner', async (ctx, _admin, [before, page]) => {
        const beforeId = before ? Number(before) : undefined;
        const pageNumber = Number(page);
        if (
          (beforeId !== undefined && !(Number.isSafeInteger(beforeId) && beforeId > 0)) ||
          !(Number.isSafeInteger(pageNumber) && pageNumber > 0)
        ) {
          await ack(ctx, ctx.t('button.outdated'));
          return;
        }
        await ack(ctx);
        await showAuditPage(ctx, services, beforeId, pageNumber);
      }),
    );
    return composer;
  },
};
