import { Markup } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { SalesContext } from './context.js';

/** Callback data of the sales bot's buttons (under 64 bytes each). */
export const ACTIONS = {
  demo: 'demo',
  plans: 'plans',
  faq: 'faq',
  support: 'support',
  myBots: 'my_bots',
  setup: 'setup',
  trial: 'trial',
  /** `buy:<plan>` or `buy:<plan>:<subscription to renew>`. */
  buy: 'buy',
  /** `renew:<subscription>`: pick the plan that renews it. */
  renew: 'renew',
  /** `ar:1` or `ar:0`: the auto-renewal answer. */
  autoRenew: 'ar',
  /** `paid:<order>`: re-read the order's payment. */
  paid: 'paid',
  /** `aroff:<subscription>`: switch auto-renewal off. */
  autoRenewOff: 'aroff',
} as const;

/** The storefront's menu; "Set up my bot" only while a paid bot waits for its token. */
export function mainMenu(ctx: SalesContext, pendingSetup: boolean): InlineKeyboardMarkup {
  const rows = [
    [Markup.button.callback(ctx.t('menu.plans'), ACTIONS.plans)],
    [
      Markup.button.callback(ctx.t('menu.demo'), ACTIONS.demo),
      Markup.button.callback(ctx.t('menu.faq'), ACTIONS.faq),
    ],
    [
      Markup.button.callback(ctx.t('menu.my_bots'), ACTIONS.myBots),
      Markup.button.callback(ctx.t('menu.support'), ACTIONS.support),
    ],
  ];
  if (pendingSetup) {
    rows.unshift([Markup.button.callback(ctx.t('menu.setup'), ACTIONS.setup)]);
  }
  return Markup.inlineKeyboard(rows).reply_markup;
}
