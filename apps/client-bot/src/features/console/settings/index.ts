import { auditedChange, isAppError, type Settings, updateSettings } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { label } from '../../../format.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { CONSOLE_CB } from '../callbacks.js';
import { consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import type { ConsoleSection } from '../sections.js';
import { parseFieldValue, SETTING_FIELDS, type SettingField, showFieldValue } from './fields.js';

/** Callback actions of the settings area (prefix `st.`). */
const SETTINGS_CB = { list: 'st', edit: 'st.e' } as const;
const AREA = 'st';

function fieldLabel(ctx: ClientContext, field: SettingField): string {
  return label(ctx, `settings.field.${field.key}` as TextKey);
}

function hint(ctx: ClientContext, field: SettingField): string {
  return ctx.t(`settings.hint.${field.kind}` as TextKey, { min: field.min, max: field.max });
}

function shownValue(ctx: ClientContext, settings: Settings, field: SettingField): string {
  const dayName = (day: number) => ctx.t(`cat.weekday.${day}` as TextKey);
  return showFieldValue(field, settings[field.key], dayName) || ctx.t('settings.empty');
}

/** Every engine setting with its current value, one button each. */
async function showSettings(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
  await showScreen(ctx, ctx.t('settings.title'), {
    inline_keyboard: [
      ...SETTING_FIELDS.map((field) => [
        {
          text: `${fieldLabel(ctx, field)}: ${shownValue(ctx, settings, field)}`.slice(0, 120),
          callback_data: services.codec.encode(SETTINGS_CB.edit, field.key),
        },
      ]),
      consoleHomeRow(ctx, services),
    ],
  });
}

function settingsFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  const retryRow = (ctx: ClientContext) => [
    button(ctx, codec, 'common.back', SETTINGS_CB.list),
    button(ctx, codec, 'manage.cancel', CONSOLE_CB.home),
  ];

  composer.use(
    consoleAction(services, SETTINGS_CB.list, 'admin', async (ctx) => {
      await ack(ctx);
      if (ctx.session.console) {
        ctx.session.console.input = undefined;
      }
      await showSettings(ctx, services);
    }),
  );
  composer.use(
    consoleAction(services, SETTINGS_CB.edit, 'admin', async (ctx, _admin, [key]) => {
      const field = SETTING_FIELDS.find((entry) => entry.key === key);
      if (!field) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      ctx.session.console = { ...ctx.session.console, input: { area: AREA, step: field.key } };
      await showScreen(
        ctx,
        ctx.t('settings.ask', {
          field: fieldLabel(ctx, field),
          value: shownValue(ctx, settings, field),
          hint: hint(ctx, field),
        }),
        { inline_keyboard: [retryRow(ctx)] },
      );
    }),
  );
  composer.use(
    consoleText(services, AREA, 'admin', async (ctx, admin, step, text) => {
      const field = SETTING_FIELDS.find((entry) => entry.key === step);
      if (!field) {
        return;
      }
      const value = parseFieldValue(field, text);
      const invalid = () =>
        showScreen(ctx, ctx.t('settings.invalid', { hint: hint(ctx, field) }), {
          inline_keyboard: [retryRow(ctx)],
        });
      if (value === undefined) {
        await invalid();
        return;
      }
      const now = services.now();
      const before = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      let saved: Settings;
      try {
        saved = await auditedChange(
          ctx.scope.db,
          (trx) => updateSettings(trx, { [field.key]: value }, now),
          (after) => ({
            actor: `admin:${admin.id}`,
            action: 'settings.updated',
            target: `settings:${field.key}`,
            details: { from: before[field.key], to: after[field.key] },
          }),
          now,
        );
      } catch (error) {
        if (isAppError(error, 'VALIDATION')) {
          await invalid();
          return;
        }
        throw error;
      }
      // The list shows the new value at once, not when the short-lived copy expires.
      services.reads.forget(ctx.scope.tenant.slug);
      if (ctx.session.console) {
        ctx.session.console.input = undefined;
      }
      await showScreen(
        ctx,
        ctx.t('settings.saved', {
          field: fieldLabel(ctx, field),
          value: shownValue(ctx, saved, field),
        }),
        {
          inline_keyboard: [
            [button(ctx, codec, 'settings.section', SETTINGS_CB.list)],
            consoleHomeRow(ctx, services),
          ],
        },
      );
    }),
  );
  return composer;
}

/** Every engine setting with its current value, each validated by core on change. */
export const settingsSection: ConsoleSection = {
  id: 'st',
  label: 'settings.section',
  minRole: 'admin',
  open: (ctx, _admin, services) => showSettings(ctx, services),
  feature: settingsFeature,
};
