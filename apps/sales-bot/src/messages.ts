import type { BotLocale } from '@booking/bot-kit';
import type { ChargeFailureKind, OrderPayment } from '@booking/core';
import { Markup } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { formatDay } from './format.js';
import { ACTIONS } from './keyboards.js';
import type { TextKey } from './texts/index.js';

/** Translates a text key: a context's `t`, or a worker's translator of the owner's locale. */
export type Speak = (key: TextKey, params?: Record<string, string | number>) => string;

/** A message the bot sends: HTML text and its buttons. */
export interface OutgoingMessage {
  text: string;
  markup?: InlineKeyboardMarkup;
}

/** The words of YooKassa's `cancellation_details.reason` for a payer. */
function cancelReasonKey(reason: string | null): TextKey {
  switch (reason) {
    case 'expired_on_confirmation':
    case 'expired_on_capture':
      return 'cancel.expired';
    case 'insufficient_funds':
      return 'cancel.insufficient_funds';
    case 'card_expired':
      return 'cancel.card_expired';
    case 'canceled_by_merchant':
      return 'cancel.other';
    default:
      return 'cancel.declined';
  }
}

/** The words of a failed automatic charge. */
export function chargeFailureKey(kind: ChargeFailureKind): TextKey {
  switch (kind) {
    case 'card_expired':
      return 'failure.card_expired';
    case 'insufficient_funds':
      return 'failure.insufficient_funds';
    case 'permission_revoked':
      return 'failure.permission_revoked';
    case 'declined':
      return 'failure.declined';
  }
}

/** How to create a bot with BotFather, then paste its token here. */
export function onboardingStepsMessage(speak: Speak, businessName: string | null): OutgoingMessage {
  return { text: speak('onboarding.steps', { business: businessName ?? 'Aurora Salon' }) };
}

/**
 * What a payer is told about their order's payment, whoever noticed the change (the
 * "I have paid" button or the notification's worker): still pending (pay, or press
 * again), paid (a purchase goes on to onboarding; a renewal says until when), or
 * canceled (nothing charged, no bot; try again).
 */
export function paymentOutcomeMessages(
  speak: Speak,
  locale: BotLocale,
  outcome: Pick<OrderPayment, 'order' | 'payment' | 'subscription' | 'tenant'>,
  planName: string,
): OutgoingMessage[] {
  const { order, payment } = outcome;
  if (payment.status === 'succeeded') {
    const until = outcome.subscription?.paidUntil ?? outcome.tenant?.paidUntil;
    const untilText = until ? formatDay(until, locale) : '';
    if (order.kind === 'purchase' && !outcome.subscription?.tenantId) {
      return [
        { text: speak('checkout.paid', { plan: planName, until: untilText }) },
        onboardingStepsMessage(speak, order.businessName),
      ];
    }
    return [
      {
        text: speak(order.kind === 'auto_renewal' ? 'notice.renewed' : 'checkout.renewed', {
          bot: outcome.tenant?.botUsername ?? '',
          until: untilText,
        }),
      },
    ];
  }
  if (payment.status === 'canceled') {
    return [
      {
        text: speak('checkout.canceled', {
          reason: speak(cancelReasonKey(payment.cancellationReason)),
        }),
        markup: Markup.inlineKeyboard([
          Markup.button.callback(speak('checkout.try_again'), ACTIONS.plans),
        ]).reply_markup,
      },
    ];
  }
  return [
    {
      text: speak('checkout.still_pending'),
      markup: payButtons(speak, payment.confirmationUrl, order.id, undefined),
    },
  ];
}

/** The Pay button (while the payment page is open) and "I have paid". */
export function payButtons(
  speak: Speak,
  confirmationUrl: string | null | undefined,
  orderId: number,
  price: string | undefined,
): InlineKeyboardMarkup {
  const rows = [];
  if (confirmationUrl) {
    rows.push([
      Markup.button.url(
        speak('checkout.pay_button', { price: price ?? '' }).trim(),
        confirmationUrl,
      ),
    ]);
  }
  rows.push([Markup.button.callback(speak('checkout.paid_button'), `${ACTIONS.paid}:${orderId}`)]);
  return Markup.inlineKeyboard(rows).reply_markup;
}
