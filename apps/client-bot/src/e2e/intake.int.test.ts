import {
  bookAppointment,
  createLogger,
  getBooking,
  HttpRouter,
  startHttpServer,
} from '@booking/core';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, nextMonday, startHarness } from '../testing/harness.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ waitTimeoutMs: 6_000 });
});

afterAll(async () => {
  await sandbox.stop();
});

describe('polling', () => {
  let h: Harness;
  beforeAll(async () => {
    // The production anti-flood limit, not the harness's generous one.
    h = await startHarness({ sandbox, clockAt: nextMonday(7), bot: { antiFlood: undefined } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('registers its commands in every language it speaks', async () => {
    expect(h.sandbox.telegram.commands(h.bot)).toContainEqual({
      command: 'book',
      description: 'Book an appointment',
    });
    const ru = (await fetch(
      `${h.sandbox.url}/bot${h.bot.token}/getMyCommands?language_code=ru`,
    ).then((r) => r.json())) as { result: unknown[] };
    expect(ru.result).toContainEqual({ command: 'my', description: 'Мои записи' });
  });

  it('50 messages in one second from one user: others are served, and Telegram never says 429', async () => {
    const flooder = h.chat({ name: 'Flood' });
    const other = h.chat({ name: 'Calm' });
    await Promise.all(Array.from({ length: 50 }, (_, i) => flooder.chat.send(`spam ${i}`)));
    await other.chat.send('/start');
    await other.chat.waitFor('Test Salon');
    await flooder.chat.waitFor('Too many messages at once');
    expect(h.sandbox.telegram.stats(h.bot).tooManyRequests).toBe(0);
    // The flood was cut: far fewer answers than messages.
    expect(flooder.chat.botMessages().length).toBeLessThan(25);
  }, 30_000);

  it('a sticker, a 5,000-character text and a forged button each get a sensible answer', async () => {
    const { chat } = h.chat({ name: 'Odd' });
    await chat.sendSticker();
    await chat.waitFor('I can only read text and buttons');
    await chat.send('x'.repeat(5_000));
    await chat.waitFor('That message is too long for me');
    await chat.send('/my');
    await chat.waitFor('You have no upcoming bookings');
    await chat.pressData('xy|1|AAAAAAAA');
    expect((await chat.waitForCallbackAnswer()).text).toContain('This button is outdated');
    await chat.pressData('cancel everything');
    expect((await chat.waitForCallbackAnswer()).text).toContain('This button is outdated');
    expect(chat.botMessages().some((message) => message.text.includes('went wrong'))).toBe(false);
  });

  it("another user's button, replayed with its valid data, changes nothing", async () => {
    const owner = h.chat({ name: 'Own' });
    const intruder = h.chat({ name: 'Intr' });
    const ownerId = await h.knownClient(owner.userId, 'Own');
    await h.knownClient(intruder.userId, 'Intr');
    const booking = await bookAppointment(
      h.tenant.db,
      {
        clientId: ownerId,
        serviceId: h.salon.haircutId,
        staffId: h.salon.anna,
        startsAt: nextMonday(12).plus({ days: 3 }).toJSDate(),
      },
      { now: h.clock.now() },
    );
    await owner.chat.send('/my');
    await owner.chat.waitFor('Your upcoming bookings');
    await owner.chat.press(
      owner.chat
        .buttons()
        .flat()
        .find((text) => text.includes('12:00')) ?? '',
    );
    await owner.chat.waitFor('Anna');
    await owner.chat.press('✖ Cancel booking');
    await owner.chat.waitFor('Cancel this booking?');
    // The owner's "Yes, cancel" button carries valid, signed data.
    const yes = owner.chat.last()?.replyMarkup as
      | { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> }
      | undefined;
    const data =
      yes?.inline_keyboard.flat().find((button) => button.text === 'Yes, cancel')?.callback_data ??
      '';
    expect(data).toMatch(/^xy\|/);
    // The intruder's session knows their own client: the cancellation itself refuses.
    await intruder.chat.send('/my');
    await intruder.chat.waitFor('You have no upcoming bookings');
    await intruder.chat.pressData(data);
    expect((await intruder.chat.waitForCallbackAnswer()).text).toContain('This button is outdated');
    expect((await getBooking(h.tenant.db, booking.id)).status).toBe('confirmed');
  });

  it('two replicas on one token: no 409 loop, every update answered exactly once', async () => {
    await h.replica();
    const chats = Array.from({ length: 4 }, (_, i) => h.chat({ name: `R${i}` }));
    for (let round = 0; round < 3; round++) {
      await Promise.all(chats.map(({ chat }) => chat.send(`/help`)));
      await Promise.all(chats.map(({ chat }) => chat.waitFor('Book an appointment with')));
    }
    for (const { chat } of chats) {
      expect(
        chat.botMessages().filter((message) => message.text.includes('Book an appointment with')),
      ).toHaveLength(3);
    }
    const stats = h.sandbox.telegram.stats(h.bot);
    expect(stats.errors.filter((error) => error.errorCode === 409)).toEqual([]);
  }, 30_000);
});

describe('webhook mode', () => {
  it('serves the tenant through its secret webhook path', async () => {
    // The process's one HTTP server, as the runtime starts it.
    const router = new HttpRouter();
    const server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      router,
      logger: createLogger({ app: 'intake-test', level: 'silent' }),
    });
    const port = server.port;
    const h = await startHarness({
      sandbox,
      clockAt: nextMonday(7),
      bot: { publicUrl: `http://127.0.0.1:${port}`, http: router },
    });
    try {
      const { chat } = h.chat({ name: 'Hook' });
      await chat.send('/start');
      await chat.waitFor('Test Salon');
      await chat.press('📅 Book');
      await chat.waitFor('Choose a service');
      expect(h.sandbox.telegram.stats(h.bot).calls.getUpdates ?? 0).toBe(0);
      // Without the secret header nothing gets in.
      const intruder = await fetch(`http://127.0.0.1:${port}/tg/${h.tenant.slug}/wrong`, {
        method: 'POST',
        body: '{}',
      });
      expect(intruder.status).toBe(404);
    } finally {
      await h.stop();
      await server.close();
    }
  });
});
