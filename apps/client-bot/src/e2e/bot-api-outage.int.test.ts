/**
 * Fault tests: the Bot API fails while a customer confirms a booking. Whatever the bot
 * had to say meanwhile (the confirmation, the owner's notice, an answer to another
 * customer) reaches each person exactly once after the API recovers: by the Telegram
 * client's retries within its deadline, or from the deliveries queue past it.
 */
import { addAdmin, listClientBookings, updateSettings } from '@booking/core';
import { startTcpGate, type TcpGate } from '@booking/core/testing';
import { type Sandbox, type SandboxChat, startSandbox, type TelegramFault } from '@booking/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, nextMonday, startHarness, toConfirmation } from '../testing/harness.js';

/** The methods that answer people; getUpdates keeps working while only these fail. */
const SEND_METHODS = ['sendMessage', 'editMessageText', 'answerCallbackQuery'];

const monday = nextMonday(7);
const tuesday = monday.plus({ days: 1 });

let h: Harness | undefined;
let ownSandbox: Sandbox | undefined;
let gate: TcpGate | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
  await gate?.close();
  gate = undefined;
  await ownSandbox?.stop();
  ownSandbox = undefined;
});

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The bot's messages in a chat whose text matches, edits applied: duplicates show. */
const copies = (chat: SandboxChat, pattern: RegExp) =>
  chat.botMessages().filter((message) => pattern.test(message.text ?? '')).length;

/**
 * An English-speaking salon with an owner who started the bot, and a known customer on
 * the confirmation screen of Tuesday 14:00 with Boris.
 */
async function customerAtConfirmation(harness: Harness) {
  // The owner's notices speak the business's language.
  await updateSettings(harness.tenant.db, { defaultLocale: 'en' });
  const owner = harness.chat({ name: 'Owner' });
  await addAdmin(
    harness.tenant.db,
    { telegramUserId: owner.userId, role: 'owner', name: 'Owner' },
    'test',
  );
  await owner.chat.send('/start');
  await owner.chat.waitFor('Test Salon');
  const customer = harness.chat({ name: 'Cora' });
  const clientId = await harness.knownClient(customer.userId, 'Cora');
  await toConfirmation(customer.chat, {
    specialist: 'Boris',
    date: tuesday,
    time: '14:00',
    today: monday,
  });
  const booked = async () => {
    const bookings = await listClientBookings(harness.tenant.db, {
      clientId,
      now: harness.clock.now(),
    });
    return bookings.length === 1;
  };
  return { owner, customer, booked };
}

/**
 * Presses Confirm while only the send methods fail, so the press is fetched during the
 * outage, then lets every method fail (getUpdates included) until `outageMs` after the
 * outage began. `during` runs right after the press.
 */
async function confirmThroughOutage(
  harness: Harness,
  chat: SandboxChat,
  booked: () => Promise<boolean>,
  faults: { sends: TelegramFault; all: TelegramFault | TcpGate; outageMs: number },
  during: () => Promise<void> = async () => {},
) {
  const began = Date.now();
  harness.sandbox.telegram.setFault(harness.bot, { ...faults.sends, methods: SEND_METHODS });
  await chat.press('✅ Confirm');
  await during();
  await waitUntil('the booking is committed', booked);
  await waitUntil(
    'every update was fetched',
    async () => harness.sandbox.telegram.stats(harness.bot).pendingUpdates === 0,
  );
  if ('kind' in faults.all) {
    harness.sandbox.telegram.setFault(harness.bot, faults.all);
  } else {
    // The server is gone: every connection is refused, getUpdates' too.
    harness.sandbox.telegram.setFault(harness.bot, undefined);
    await faults.all.close();
  }
  await new Promise((resolve) => setTimeout(resolve, began + faults.outageMs - Date.now()));
  harness.sandbox.telegram.setFault(harness.bot, undefined);
  if (!('kind' in faults.all)) {
    await faults.all.open();
  }
}

/** Waits for late duplicates a retry or the queue could still send. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

describe('a Bot API outage while a customer confirms a booking', () => {
  it('within the retry deadline (20 s of 502 pages): every answer and notice arrives once after it', async () => {
    h = await startHarness({ clockAt: monday });
    const { owner, customer, booked } = await customerAtConfirmation(h);
    const other = h.chat({ name: 'Otto' });
    const gateway: TelegramFault = { kind: 'error', status: 502, html: true };

    await confirmThroughOutage(
      h,
      customer.chat,
      booked,
      { sends: gateway, all: gateway, outageMs: 20_000 },
      // Another customer writes while the bot cannot answer.
      () => other.chat.send('/start').then(() => undefined),
    );

    const done = await customer.chat.waitFor('You are booked', { timeout: 15_000 });
    expect(done.text).toContain('14:00');
    await owner.chat.waitFor('New booking', { timeout: 15_000 });
    await other.chat.waitFor('Test Salon', { timeout: 15_000 });
    await settle();
    expect(copies(customer.chat, /You are booked/)).toBe(1);
    expect(copies(owner.chat, /New booking/)).toBe(1);
    expect(copies(other.chat, /Test Salon/)).toBe(1);
  }, 90_000);

  it('past the retry deadline (500, then refused for 35 s): the confirmation and the notice come once from the queue', async () => {
    // The bot reaches the Bot API through a gate the test closes: connections refused.
    ownSandbox = await startSandbox({ waitTimeoutMs: 6_000 });
    gate = await startTcpGate(Number(new URL(ownSandbox.url).port));
    h = await startHarness({
      clockAt: monday,
      sandbox: ownSandbox,
      bot: {
        apiRoot: gate.url,
        telegramRetry: { deadlineMs: 5_000, initialDelayMs: 200, maxDelayMs: 1_000 },
        deliveryBackoff: { initialDelayMs: 200, maxDelayMs: 1_000 },
      },
    });
    const { owner, customer, booked } = await customerAtConfirmation(h);

    // Longer than the notifications queue's own five attempts (2 + 4 + 8 + 16 s).
    await confirmThroughOutage(h, customer.chat, booked, {
      sends: { kind: 'error', status: 500 },
      all: gate,
      outageMs: 35_000,
    });

    const done = await customer.chat.waitFor('You are booked', { timeout: 15_000 });
    expect(done.text).toContain('14:00');
    expect(done.text).toContain('Boris');
    await owner.chat.waitFor('New booking', { timeout: 15_000 });
    await settle();
    expect(copies(customer.chat, /You are booked/)).toBe(1);
    expect(copies(owner.chat, /New booking/)).toBe(1);
    // The confirmation replaced the confirmation screen, as it would have at once.
    expect(copies(customer.chat, /Please check your booking/)).toBe(0);
  }, 120_000);
});
