import { BOT_LOCALES, type BotLocale, isBotLocale } from '@booking/bot-kit';
import {
  auditedChange,
  isAppError,
  listTextTemplates,
  removeTextTemplate,
  setTextTemplate,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import type { TextKey } from '../../../texts/index.js';
import { consoleAction } from '../access.js';
import { CONSOLE_CB } from '../callbacks.js';
import { consoleText } from '../index.js';
import { consoleHomeRow } from '../menu.js';
import type { ConsoleSection } from '../sections.js';
import {
  CUSTOMER_TEXT_KEYS,
  defaultText,
  isCustomerTextKey,
  placeholdersOf,
  previewText,
  textProblem,
} from './templates.js';

/** Callback actions of the texts area (prefix `tx.`). */
const TEXTS_CB = {
  /** Choose a language. */
  home: 'tx',
  /** A page of keys: locale, page. */
  list: 'tx.l',
  /** One text: locale, key. */
  card: 'tx.k',
  /** Edit (ask): locale, key. */
  edit: 'tx.e',
  /** Reset to default: locale, key. */
  reset: 'tx.r',
} as const;
const AREA = 'tx';
const PAGE_SIZE = 8;
const LANGUAGE_NAMES: Record<BotLocale, string> = { ru: 'Русский', en: 'English', es: 'Español' };

async function customTexts(ctx: ClientContext, locale: BotLocale): Promise<Map<string, string>> {
  const templates = await listTextTemplates(ctx.scope.db, locale);
  return new Map(templates.map((template) => [template.key, template.text]));
}

async function showLanguages(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  await showScreen(ctx, ctx.t('texts.choose_language'), {
    inline_keyboard: [
      BOT_LOCALES.map((locale) => ({
        text: LANGUAGE_NAMES[locale],
        callback_data: services.codec.encode(TEXTS_CB.list, locale, 0),
      })),
      consoleHomeRow(ctx, services),
    ],
  });
}

async function showPage(
  ctx: ClientContext,
  services: ClientBotServices,
  locale: BotLocale,
  page: number,
): Promise<void> {
  const { codec } = services;
  const custom = await customTexts(ctx, locale);
  const pages = Math.ceil(CUSTOMER_TEXT_KEYS.length / PAGE_SIZE);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const keys = CUSTOMER_TEXT_KEYS.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const rows: InlineKeyboardButton[][] = keys.map((key) => [
    {
      text: `${custom.has(key) ? '✏️ ' : ''}${key}`,
      callback_data: codec.encode(TEXTS_CB.card, locale, key),
    },
  ]);
  const turn: InlineKeyboardButton[] = [];
  if (current > 0) {
    turn.push(button(ctx, codec, 'texts.prev', TEXTS_CB.list, locale, current - 1));
  }
  if (current < pages - 1) {
    turn.push(button(ctx, codec, 'texts.next', TEXTS_CB.list, locale, current + 1));
  }
  rows.push(
    turn,
    [button(ctx, codec, 'common.back', TEXTS_CB.home)],
    consoleHomeRow(ctx, services),
  );
  await showScreen(
    ctx,
    ctx.t('texts.list', { language: LANGUAGE_NAMES[locale], page: current + 1, pages }),
    { inline_keyboard: rows.filter((row) => row.length > 0) },
  );
}

function pageOf(key: TextKey): number {
  return Math.floor(CUSTOMER_TEXT_KEYS.indexOf(key) / PAGE_SIZE);
}

async function showCard(
  ctx: ClientContext,
  services: ClientBotServices,
  locale: BotLocale,
  key: TextKey,
  heading?: string,
): Promise<void> {
  const { codec } = services;
  const custom = (await customTexts(ctx, locale)).get(key);
  const preview = previewText(key, locale, custom);
  const text =
    heading ??
    ctx.t('texts.card', {
      key,
      custom: custom === undefined ? '' : ctx.t('texts.custom_mark'),
      text: '',
    });
  const rows: InlineKeyboardButton[][] = [
    [button(ctx, codec, 'texts.edit', TEXTS_CB.edit, locale, key)],
  ];
  if (custom !== undefined) {
    rows.push([button(ctx, codec, 'texts.reset', TEXTS_CB.reset, locale, key)]);
  }
  rows.push([button(ctx, codec, 'common.back', TEXTS_CB.list, locale, pageOf(key))]);
  rows.push(consoleHomeRow(ctx, services));
  // The preview is the customer's text as is (its own HTML): appended, never escaped twice.
  await showScreen(ctx, `${text}${preview}`, { inline_keyboard: rows });
}

/** Reads a callback's locale and key; `undefined` for anything else. */
function textOf(args: string[]): { locale: BotLocale; key: TextKey } | undefined {
  const [locale, key] = args;
  return locale && isBotLocale(locale) && key && isCustomerTextKey(key)
    ? { locale, key }
    : undefined;
}

function textsFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  const clearInput = (ctx: ClientContext) => {
    if (ctx.session.console) {
      ctx.session.console.input = undefined;
    }
  };

  composer.use(
    consoleAction(services, TEXTS_CB.home, 'admin', async (ctx) => {
      await ack(ctx);
      clearInput(ctx);
      await showLanguages(ctx, services);
    }),
  );
  composer.use(
    consoleAction(services, TEXTS_CB.list, 'admin', async (ctx, _admin, [locale, page]) => {
      if (!locale || !isBotLocale(locale)) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      clearInput(ctx);
      await showPage(ctx, services, locale, Number(page) || 0);
    }),
  );
  composer.use(
    consoleAction(services, TEXTS_CB.card, 'admin', async (ctx, _admin, args) => {
      const text = textOf(args);
      if (!text) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      clearInput(ctx);
      await showCard(ctx, services, text.locale, text.key);
    }),
  );
  composer.use(
    consoleAction(services, TEXTS_CB.edit, 'admin', async (ctx, _admin, args) => {
      const text = textOf(args);
      if (!text) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      ctx.session.console = {
        ...ctx.session.console,
        input: { area: AREA, step: `${text.locale}:${text.key}` },
      };
      const placeholders = placeholdersOf(defaultText(text.key, text.locale));
      await showScreen(
        ctx,
        ctx.t('texts.ask', {
          key: text.key,
          placeholders: placeholders.map((name) => `{${name}}`).join(' ') || ctx.t('texts.none'),
        }),
        {
          inline_keyboard: [
            [
              button(ctx, codec, 'common.back', TEXTS_CB.card, text.locale, text.key),
              button(ctx, codec, 'manage.cancel', CONSOLE_CB.home),
            ],
          ],
        },
      );
    }),
  );
  composer.use(
    consoleAction(services, TEXTS_CB.reset, 'admin', async (ctx, admin, args) => {
      const text = textOf(args);
      if (!text) {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      await ack(ctx);
      const now = services.now();
      await auditedChange(
        ctx.scope.db,
        (trx) => removeTextTemplate(trx, text.key, text.locale),
        () => ({
          actor: `admin:${admin.id}`,
          action: 'text.reset',
          target: `text:${text.locale}:${text.key}`,
          details: {},
        }),
        now,
      ).catch((error: unknown) => {
        // Already the default: nothing to reset.
        if (!isAppError(error, 'NOT_FOUND')) {
          throw error;
        }
      });
      services.texts.forget(ctx.scope.tenant.slug);
      await showCard(ctx, services, text.locale, text.key, ctx.t('texts.reset_done', { text: '' }));
    }),
  );
  composer.use(
    consoleText(services, AREA, 'admin', async (ctx, admin, step, typed) => {
      const [locale, key] = step.split(':');
      const text = textOf([locale ?? '', key ?? '']);
      if (!text) {
        return;
      }
      const problem = textProblem(text.key, text.locale, typed);
      if (problem) {
        const placeholders = placeholdersOf(defaultText(text.key, text.locale));
        await ctx.reply(
          problem === 'length'
            ? ctx.t('texts.bad_length')
            : ctx.t('texts.bad_placeholders', {
                placeholders:
                  placeholders.map((name) => `{${name}}`).join(' ') || ctx.t('texts.none'),
              }),
        );
        return;
      }
      const now = services.now();
      await auditedChange(
        ctx.scope.db,
        (trx) => setTextTemplate(trx, { key: text.key, locale: text.locale, text: typed }, now),
        () => ({
          actor: `admin:${admin.id}`,
          action: 'text.updated',
          target: `text:${text.locale}:${text.key}`,
          details: { text: typed.trim() },
        }),
        now,
      );
      services.texts.forget(ctx.scope.tenant.slug);
      if (ctx.session.console) {
        ctx.session.console.input = undefined;
      }
      await showCard(ctx, services, text.locale, text.key, ctx.t('texts.saved', { text: '' }));
    }),
  );
  return composer;
}

/** Every customer-facing text per language: preview, edit, reset to default. */
export const textsSection: ConsoleSection = {
  id: 'tx',
  label: 'texts.section',
  minRole: 'admin',
  open: (ctx, _admin, services) => showLanguages(ctx, services),
  feature: textsFeature,
};
