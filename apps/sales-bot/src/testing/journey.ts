/**
 * What a prospect does in the sales bot, step by step, for the end-to-end tests.
 * Test-only.
 */
import type { SandboxChat } from '@booking/sandbox';

/** The URL of the Pay button of the bot's last message with one. */
export function payUrlOf(chat: SandboxChat): string {
  return urlButtonOf(chat);
}

/**
 * The URL of the last link button in the chat (the last one labelled `label` when
 * given).
 */
export function urlButtonOf(chat: SandboxChat, label?: string): string {
  for (const message of [...chat.botMessages()].reverse()) {
    const markup = message.replyMarkup as
      | { inline_keyboard?: Array<Array<{ text: string; url?: string }>> }
      | undefined;
    const button = markup?.inline_keyboard
      ?.flat()
      .find((candidate) => candidate.url && (label === undefined || candidate.text === label));
    if (button?.url) {
      return button.url;
    }
  }
  throw new Error(`no link button ${label ?? ''} in the chat:\n${chat.toString()}`);
}

/** The YooKassa payment id in a confirmation URL of the emulator. */
export function paymentIdOf(url: string): string {
  const id = /\/yookassa\/checkout\/([^/?#]+)/.exec(url)?.[1];
  if (!id) {
    throw new Error(`not a checkout URL: ${url}`);
  }
  return decodeURIComponent(id);
}

/** Presses Pay (or Decline) on the emulator's checkout page, as a person does. */
export async function submitCheckout(url: string, action: 'pay' | 'decline'): Promise<void> {
  const answer = await fetch(`${url}/${action}`, { method: 'POST', redirect: 'manual' });
  if (answer.status !== 303 && answer.status !== 200) {
    throw new Error(`checkout page answered ${answer.status}`);
  }
}

/** Options of {@link buyPlan}. */
export interface BuyOptions {
  /** The label of the plan's button, such as `Buy Standard: 799 ₽`. */
  planButton: string;
  businessName?: string;
  email?: string;
  autoRenew?: boolean;
}

/**
 * From the storefront to the Pay button: plans, a plan, the business name, the email,
 * the auto-renewal answer. Returns the payment page's URL.
 */
export async function buyPlan(chat: SandboxChat, options: BuyOptions): Promise<string> {
  await chat.send('/start');
  await chat.press('💳 Plans and prices');
  await chat.waitFor(/Standard/);
  await chat.press(options.planButton);
  await chat.waitFor(/What is your business called/);
  await chat.send(options.businessName ?? 'Aurora Salon');
  await chat.waitFor(/Where should we send the payment receipt/);
  await chat.send(options.email ?? 'owner@example.com');
  await chat.waitFor(/Auto-renewal/);
  await chat.press(options.autoRenew ? '✅ Yes, renew automatically' : 'No, I will renew myself');
  await chat.waitFor(/Order #\d+/);
  return payUrlOf(chat);
}
