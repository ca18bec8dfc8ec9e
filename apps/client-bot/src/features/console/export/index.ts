import { exportBookingsCsvFile, recordAudit } from '@booking/core';
import { consoleHomeRow } from '../menu.js';
import { periodReportSection } from '../period-section.js';

/** Callback actions of the export area. */
export const EXPORT_CB = { period: 'ex.p' } as const;

/** Bookings of a period as a CSV file that Excel opens with Cyrillic intact. */
export const exportSection = periodReportSection({
  id: 'export',
  label: 'console.section.export',
  area: 'ex',
  action: EXPORT_CB.period,
  intro: 'console.export.intro',
  load: exportBookingsCsvFile,
  async show(ctx, services, admin, period, file) {
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
  },
});
