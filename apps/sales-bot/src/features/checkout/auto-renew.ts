import { createOrder, createOrderPayment, getPlan, isAppError } from '@booking/core';
import { Composer } from 'telegraf';
import { orderLocale, type SalesBotServices, type SalesContext } from '../../context.js';
import { formatPrice } from '../../format.js';
import { ACTIONS } from '../../keyboards.js';
import { payButtons } from '../../messages.js';

const ANSWER = new RegExp(`^${ACTIONS.autoRenew}:([01])$`);

/**
 * The last step: the order row is made first, then its payment (`capture: true`, a
 * redirect back to this bot, the order id in the metadata: core's `createOrderPayment`),
 * and the Pay and "I have paid" buttons are shown.
 */
export async function placeOrder(
  ctx: SalesContext,
  services: SalesBotServices,
  savePaymentMethod: boolean,
): Promise<void> {
  const checkout = ctx.session.checkout;
  const ownerTelegramId = ctx.from?.id;
  if (!checkout?.email || ownerTelegramId === undefined) {
    await ctx.reply(ctx.t('button.outdated'));
    return;
  }
  const order =
    checkout.orderId === undefined
      ? await createOrder(services.billing.db, {
          ownerTelegramId,
          planCode: checkout.planCode,
          email: checkout.email,
          businessName: checkout.businessName,
          locale: orderLocale(ctx.locale),
          savePaymentMethod,
          subscriptionId: checkout.renewSubscriptionId,
        })
      : undefined;
  const orderId = order?.id ?? (checkout.orderId as number);
  checkout.orderId = orderId;
  let payment: Awaited<ReturnType<typeof createOrderPayment>>;
  try {
    payment = await createOrderPayment(services.billing, orderId, {
      returnUrl: services.returnUrl(),
      now: services.now(),
    });
  } catch (error) {
    if (isAppError(error, 'UNAVAILABLE')) {
      await ctx.reply(ctx.t('checkout.unavailable'));
      return;
    }
    throw error;
  }
  ctx.session.checkout = undefined;
  const plan = await getPlan(services.billing.db, payment.order.planCode);
  const price = formatPrice(payment.order.amountKopecks, ctx.locale);
  await ctx.reply(
    ctx.t('checkout.pay', {
      order: payment.order.id,
      plan: plan.name,
      days: payment.order.periodDays,
      price,
      auto: payment.order.savePaymentMethod ? ctx.t('checkout.pay_auto') : '',
      email: payment.order.email,
    }),
    {
      parse_mode: 'HTML',
      reply_markup: payButtons(ctx.t, payment.confirmationUrl, payment.order.id, price),
    },
  );
}

/** Step 4 (when offered): the auto-renewal answer, then the order and its payment. */
export function autoRenewStep(services: SalesBotServices): Composer<SalesContext> {
  const composer = new Composer<SalesContext>();
  composer.action(ANSWER, async (ctx) => {
    await ctx.answerCbQuery();
    await placeOrder(ctx, services, ctx.match[1] === '1');
  });
  return composer;
}
