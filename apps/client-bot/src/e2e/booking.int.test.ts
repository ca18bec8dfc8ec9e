import { htmlToPlain } from '@booking/bot-kit';
import { listClientBookings } from '@booking/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, nextMonday, pressDate, startHarness } from '../testing/harness.js';
import { EN } from '../texts/en.js';
import { ES } from '../texts/es.js';
import { RU } from '../texts/ru.js';

let h: Harness;
// The clock shows Monday 07:00; Tuesday is outside the 24 h cancellation window.
const today = nextMonday(7);
const tuesday = today.plus({ days: 1 });

beforeAll(async () => {
  h = await startHarness({ clockAt: today });
});

afterAll(async () => {
  await h.stop();
});

const DICTIONARIES = { en: EN, ru: RU, es: ES } as const;
/** The haircut's 1 500 roubles as each language writes a price (Intl's no-break spaces). */
const HAIRCUT_PRICE = { en: '₽1,500', ru: '1\u00a0500\u00a0₽', es: '1500\u00a0₽' } as const;

describe('booking through the bot', () => {
  for (const language of ['en', 'ru', 'es'] as const) {
    it(`books a first appointment in ${language}, asking name and phone`, async () => {
      const texts = DICTIONARIES[language];
      const label = (key: keyof typeof EN) => htmlToPlain(texts[key]);
      const { chat, userId } = h.chat({ name: `User ${language}`, language });
      await chat.send('/start');
      await chat.waitFor('Test Salon');
      await chat.press(label('menu.book'));
      await chat.waitFor(htmlToPlain(texts['book.choose_service']));
      await chat.press(
        chat
          .buttons()
          .flat()
          .find((text) => text.startsWith('Haircut')) ?? 'Haircut',
      );
      await chat.waitFor(label('book.choose_specialist'));
      expect(chat.buttons().flat()).toEqual(
        expect.arrayContaining([label('book.any_specialist'), 'Anna', 'Boris']),
      );
      await chat.press('Boris');
      await chat.waitFor('Boris');
      await pressDate(chat, tuesday, today);
      await chat.waitFor('Boris');
      await chat.press('14:00');
      const confirm = await chat.waitFor('Boris');
      expect(confirm.text).toContain('14:00');
      expect(confirm.text).toContain(HAIRCUT_PRICE[language]);
      await chat.press(label('book.confirm'));
      await chat.waitFor(htmlToPlain(texts['book.ask_name']));
      expect(chat.replyKeyboard().flat()).toContain(`User ${language}`);
      await chat.send(`User ${language}`);
      await chat.waitFor(htmlToPlain(texts['book.ask_phone']).slice(0, 20));
      await chat.sendContact();
      const done = await chat.waitFor(htmlToPlain(texts['book.done']).slice(0, 12));
      expect(done.text).toContain('Haircut');
      expect(done.text).toContain('Boris');
      expect(done.text).toContain('14:00');
      const buttons = chat.buttons().flat();
      expect(buttons).toContain(label('book.cancel_booking'));
      expect(buttons).toContain(label('book.reschedule_booking'));
      // The reply keyboard with the contact button is gone.
      expect(chat.replyKeyboard()).toEqual([]);

      const client = await h.tenant.db
        .selectFrom('clients')
        .selectAll()
        .where('telegram_user_id', '=', userId)
        .executeTakeFirstOrThrow();
      expect(client.name).toBe(`User ${language}`);
      expect(client.phone).toMatch(/^\+?\d{7,15}$/);
      const [booking] = await listClientBookings(h.tenant.db, {
        clientId: client.id,
        now: h.clock.now(),
      });
      expect(booking?.staffName).toBe('Boris');
      // Cancel the booking so the next language finds 14:00 free again.
      await chat.press(label('book.cancel_booking'));
      await chat.waitFor(htmlToPlain(texts['my.cancel_prompt']).slice(0, 10));
      await chat.press(label('my.cancel_yes'));
      await chat.waitFor(htmlToPlain(texts['my.cancelled']).slice(0, 10));
    });
  }
});
