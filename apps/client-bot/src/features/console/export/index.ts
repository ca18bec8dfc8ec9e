import { type Admin, exportBookingsCsvFile, isAppError, recordAudit } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { consoleState, consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import {
  isPeriodPreset,
  type Period,
  parseTypedPeriod,
  periodRows,
  presetPeriod,
} from '../period.js';
import type { ConsoleSection } from '../sections.js';

/** Callback actions of the export area. */
export const EXPORT_CB = { period: 'ex.p' } as const;

const AREA = 'ex';

/** Sends the bookings of `period` as a CSV document and audits who took them. */
async function sendExport(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
  period: Period,
): Promise<void> {
  let file: Awaited<ReturnType<typeof exportBookingsCsvFile>>;
  try {
    file = await exportBookingsCsvFile(ctx.scope.db, period);
  } catch (error) {
    if (isAppError(error, 'VALIDATION')) {
      await ctx.reply(ctx.t('console.period.bad_range'));
      return;
    }
    throw error;
  }
  // Clients' names and phones leave the system here: who took them is worth keeping.
  await recordAudit(
    ctx.scope.db,
    {
      actor: `admin:${admin.id}`,
      action: 'bookings.exported',
      target: null,
      details: { ...period, rows: file.rows },
    },
    services.now(),
  );
  await ctx.replyWithDocument(
    { source: file.content, filename: file.fileName },
    {
      caption: ctx.t('console.export.caption', { ...period, rows: file.rows }),
      reply_markup: { inline_keyboard: [consoleHomeRow(ctx, services)] },
    },
  );
}

/** Bookings of a period as a CSV file that Excel opens with Cyrillic intact. */
export const exportSection: ConsoleSection = {
  id: 'export',
  label: 'console.section.export',
  minRole: 'admin',
  async open(ctx, _admin, services) {
    consoleState(ctx).input = { area: AREA, step: 'period' };
    await showScreen(ctx, ctx.t('console.export.intro'), {
      inline_keyboard: [
        ...periodRows(ctx, services.codec, EXPORT_CB.period),
        consoleHomeRow(ctx, services),
      ],
    });
  },
  feature(services) {
    const composer = new Composer<ClientContext>();
    composer.use(
      consoleAction(services, EXPORT_CB.period, 'admin', async (ctx, admin, [preset]) => {
        if (!isPeriodPreset(preset)) {
          await ack(ctx, ctx.t('button.outdated'));
          return;
        }
        await ack(ctx);
        const { timeZone } = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
        await sendExport(ctx, services, admin, presetPeriod(preset, services.now(), timeZone));
      }),
    );
    composer.use(
      consoleText(services, AREA, 'admin', async (ctx, admin, _step, text) => {
        const period = parseTypedPeriod(text);
        if (!period) {
          await ctx.reply(ctx.t('console.period.bad'));
          return;
        }
        await sendExport(ctx, services, admin, period);
      }),
    );
    return composer;
  },
};
