import { Markup, Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox.js';
import { botApiError } from '../test-support/telegraf-bot.js';
import type { SandboxBot, SandboxUser } from './transcript.js';

let sandbox: Sandbox;
let bot: SandboxBot;
let user: SandboxUser;
let telegram: Telegram;

beforeEach(async () => {
  sandbox = await startSandbox({ telegram: { limits: false } });
  bot = sandbox.telegram.createBot({ username: 'limits_bot' });
  user = sandbox.telegram.createUser({ first_name: 'Ann', language_code: 'en' });
  telegram = new Telegram(bot.token, { apiRoot: sandbox.telegram.apiRoot });
  // A private chat exists once the user has written to the bot.
  sandbox.telegram.sendText(bot, user, '/start');
});

afterEach(async () => {
  await sandbox.stop();
});

describe('Bot API routing and encodings', () => {
  it('issues BotFather-shaped tokens and answers getMe', async () => {
    expect(bot.token).toMatch(/^\d+:AA[A-Za-z0-9_-]{33}$/);
    expect(bot.token.split(':')[1]).toHaveLength(35);
    expect(await telegram.getMe()).toMatchObject({
      id: bot.id,
      is_bot: true,
      username: 'limits_bot',
    });
  });

  it('answers 401 Unauthorized for an unknown token', async () => {
    const stranger = new Telegram('123456789:AAunknownunknownunknownunknownunkno', {
      apiRoot: sandbox.telegram.apiRoot,
    });
    expect(await botApiError(stranger.getMe())).toEqual({
      ok: false,
      error_code: 401,
      description: 'Unauthorized',
    });
  });

  it('answers 404 Not Found for a malformed token', async () => {
    const response = await fetch(`${sandbox.telegram.apiRoot}/botnot-a-token/getMe`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('answers 404 Not Found for an unknown method', async () => {
    const response = await fetch(`${sandbox.telegram.apiRoot}/bot${bot.token}/sendTelepathy`, {
      method: 'POST',
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('accepts JSON, urlencoded and query-string parameters', async () => {
    const base = `${sandbox.telegram.apiRoot}/bot${bot.token}/sendMessage`;
    const form = await fetch(base, {
      method: 'POST',
      body: new URLSearchParams({
        chat_id: String(user.id),
        text: 'form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      }),
    });
    expect(await form.json()).toMatchObject({
      ok: true,
      result: { text: 'form', reply_markup: { inline_keyboard: [[{ text: 'A' }]] } },
    });
    const query = await fetch(`${base}?chat_id=${user.id}&text=query`);
    expect(await query.json()).toMatchObject({ ok: true, result: { text: 'query' } });
    const json = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: user.id, text: 'json' }),
    });
    expect(await json.json()).toMatchObject({
      ok: true,
      result: { text: 'json', chat: { id: user.id, type: 'private' } },
    });
  });

  it('accepts multipart bodies (telegraf uploads a file)', async () => {
    const message = await telegram.sendDocument(
      user.id,
      { source: Buffer.from('report'), filename: 'report.txt' },
      { caption: 'Your <b>report</b>', parse_mode: 'HTML' },
    );
    expect(message.document).toMatchObject({ file_name: 'report.txt', file_size: 6 });
    expect(message.caption).toBe('Your report');
    expect(message.caption_entities).toEqual([{ type: 'bold', offset: 5, length: 6 }]);
    const file = await telegram.getFile(message.document.file_id);
    const download = await fetch(
      `${sandbox.telegram.apiRoot}/file/bot${bot.token}/${file.file_path}`,
    );
    expect(await download.text()).toBe('report');
  });
});

describe('message text limits', () => {
  it('rejects empty text', async () => {
    expect(await botApiError(telegram.sendMessage(user.id, ''))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message text is empty',
    });
    expect((await botApiError(telegram.sendMessage(user.id, '   '))).description).toBe(
      'Bad Request: message text is empty',
    );
  });

  it('accepts 4096 characters and rejects 4097', async () => {
    expect((await telegram.sendMessage(user.id, 'x'.repeat(4096))).text).toHaveLength(4096);
    expect(await botApiError(telegram.sendMessage(user.id, 'x'.repeat(4097)))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
  });

  it('counts the length after HTML parsing', async () => {
    const text = `<b>${'x'.repeat(4096)}</b>`;
    expect((await telegram.sendMessage(user.id, text, { parse_mode: 'HTML' })).text).toHaveLength(
      4096,
    );
  });
});

describe('HTML parse mode', () => {
  it('turns supported tags into entities and decodes entities', async () => {
    const message = await telegram.sendMessage(
      user.id,
      '<b>Bold</b> &amp; <i>it</i> <a href="https://x.example/?a=1&amp;b=2">link</a> <code>c</code>',
      { parse_mode: 'HTML' },
    );
    expect(message.text).toBe('Bold & it link c');
    expect(message.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'italic', offset: 7, length: 2 },
      { type: 'text_link', offset: 10, length: 4, url: 'https://x.example/?a=1&b=2' },
      { type: 'code', offset: 15, length: 1 },
    ]);
  });

  it('gives pre blocks their language', async () => {
    const message = await telegram.sendMessage(
      user.id,
      '<pre><code class="language-ts">const a = 1;</code></pre>',
      { parse_mode: 'HTML' },
    );
    expect(message.entities).toEqual([{ type: 'pre', offset: 0, length: 12, language: 'ts' }]);
  });

  it('rejects an unsupported tag with its byte offset', async () => {
    expect(
      await botApiError(telegram.sendMessage(user.id, 'Привет <br> there', { parse_mode: 'HTML' })),
    ).toMatchObject({
      error_code: 400,
      description:
        'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 13',
    });
  });

  it('rejects an unescaped "<" as a start tag', async () => {
    expect(
      (await botApiError(telegram.sendMessage(user.id, 'a < b', { parse_mode: 'HTML' })))
        .description,
    ).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
  });

  it('rejects an unclosed tag', async () => {
    expect(
      (await botApiError(telegram.sendMessage(user.id, '<b>bold', { parse_mode: 'HTML' })))
        .description,
    ).toBe(
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    );
  });

  it('rejects a mismatched end tag', async () => {
    expect(
      (await botApiError(telegram.sendMessage(user.id, '<b>bold</i>', { parse_mode: 'HTML' })))
        .description,
    ).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</b>", found "</i>"',
    );
  });

  it('leaves text alone without parse_mode', async () => {
    expect((await telegram.sendMessage(user.id, '<br> is fine')).text).toBe('<br> is fine');
  });
});

describe('keyboards', () => {
  it('accepts callback_data of 64 bytes and rejects 65 bytes or empty', async () => {
    const keyboard = (data: string) => Markup.inlineKeyboard([Markup.button.callback('Go', data)]);
    await telegram.sendMessage(user.id, 'ok', keyboard('я'.repeat(32)));
    for (const data of [`${'я'.repeat(32)}x`, '']) {
      expect(await botApiError(telegram.sendMessage(user.id, 'bad', keyboard(data)))).toMatchObject(
        {
          error_code: 400,
          description: 'Bad Request: BUTTON_DATA_INVALID',
        },
      );
    }
  });

  it('accepts 100 inline buttons and rejects 101', async () => {
    const buttons = (count: number) =>
      Markup.inlineKeyboard(
        Array.from({ length: count }, (_, index) =>
          Markup.button.callback(`b${index}`, `d${index}`),
        ),
        { columns: 8 },
      );
    await telegram.sendMessage(user.id, 'hundred', buttons(100));
    expect(
      await botApiError(telegram.sendMessage(user.id, 'too many', buttons(101))),
    ).toMatchObject({
      error_code: 400,
      description: 'Bad Request: reply markup is too long',
    });
  });

  it('rejects an inline button without an action', async () => {
    const markup = { reply_markup: { inline_keyboard: [[{ text: 'Nothing' }]] } } as never;
    expect((await botApiError(telegram.sendMessage(user.id, 'x', markup))).description).toMatch(
      /Text buttons are unallowed in the inline keyboard/,
    );
  });
});

describe('edits and deletes', () => {
  it('rejects an identical edit of text and markup', async () => {
    const keyboard = Markup.inlineKeyboard([Markup.button.callback('A', 'a')]);
    const sent = await telegram.sendMessage(user.id, 'Pick one', keyboard);
    const notModified =
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
    expect(
      await botApiError(
        telegram.editMessageText(user.id, sent.message_id, undefined, 'Pick one', keyboard),
      ),
    ).toMatchObject({ error_code: 400, description: notModified });
    expect(
      (
        await botApiError(
          telegram.editMessageReplyMarkup(
            user.id,
            sent.message_id,
            undefined,
            keyboard.reply_markup,
          ),
        )
      ).description,
    ).toBe(notModified);
    const edited = await telegram.editMessageText(
      user.id,
      sent.message_id,
      undefined,
      'Pick two',
      keyboard,
    );
    expect(edited).toMatchObject({ text: 'Pick two', edit_date: expect.any(Number) });
  });

  it('reports missing messages on edit and delete', async () => {
    expect(
      await botApiError(telegram.editMessageText(user.id, 9999, undefined, 'x')),
    ).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message to edit not found',
    });
    expect(await botApiError(telegram.deleteMessage(user.id, 9999))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: message to delete not found',
    });
  });

  it('marks deleted messages in the transcript and refuses a second delete', async () => {
    const sent = await telegram.sendMessage(user.id, 'Temporary');
    expect(await telegram.deleteMessage(user.id, sent.message_id)).toBe(true);
    const entry = sandbox.telegram
      .transcript(bot, user)
      .messages.find((message) => message.messageId === sent.message_id);
    expect(entry).toMatchObject({ deleted: true, text: 'Temporary' });
    expect((await botApiError(telegram.deleteMessage(user.id, sent.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('refuses to reply to a missing message unless allowed', async () => {
    const first = await telegram.sendMessage(user.id, 'first');
    const reply = await telegram.sendMessage(user.id, 'second', {
      reply_parameters: { message_id: first.message_id },
    });
    expect(reply.reply_to_message?.message_id).toBe(first.message_id);
    expect(
      (
        await botApiError(
          telegram.sendMessage(user.id, 'x', { reply_parameters: { message_id: 9999 } }),
        )
      ).description,
    ).toBe('Bad Request: message to be replied not found');
  });
});

describe('chats and users', () => {
  it('answers 403 when the user blocked the bot, and works again after unblocking', async () => {
    sandbox.telegram.block(bot, user);
    expect(await botApiError(telegram.sendMessage(user.id, 'Reminder'))).toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    sandbox.telegram.unblock(bot, user);
    expect((await telegram.sendMessage(user.id, 'Reminder')).text).toBe('Reminder');
    const updates = await telegram.getUpdates(0, 100, 0, undefined);
    const statuses = updates.flatMap((update) =>
      'my_chat_member' in update ? [update.my_chat_member.new_chat_member.status] : [],
    );
    expect(statuses).toEqual(['kicked', 'member']);
  });

  it('refuses to write first to a user who never started the bot, and unknown chats', async () => {
    const stranger = sandbox.telegram.createUser({ first_name: 'Bob' });
    expect(await botApiError(telegram.sendMessage(stranger.id, 'Hi'))).toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    expect(await botApiError(telegram.sendMessage(42, 'Hi'))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
  });

  it('answers getChat, sendChatAction and setMyCommands', async () => {
    expect(await telegram.getChat(user.id)).toMatchObject({
      id: user.id,
      type: 'private',
      first_name: 'Ann',
    });
    expect(await telegram.sendChatAction(user.id, 'typing')).toBe(true);
    expect(sandbox.telegram.transcript(bot, user).lastChatAction?.action).toBe('typing');
    expect(
      (await botApiError(telegram.sendChatAction(user.id, 'dancing' as never))).error_code,
    ).toBe(400);
    await telegram.setMyCommands([{ command: 'start', description: 'Start over' }]);
    expect(sandbox.telegram.commands(bot)).toEqual([
      { command: 'start', description: 'Start over' },
    ]);
    expect(await telegram.getMyCommands()).toEqual([
      { command: 'start', description: 'Start over' },
    ]);
    expect(
      (await botApiError(telegram.setMyCommands([{ command: 'Bad Command', description: 'x' }])))
        .description,
    ).toBe('Bad Request: BOT_COMMAND_INVALID');
    // A list for one language lives beside the default one.
    await telegram.setMyCommands([{ command: 'start', description: 'Начать' }], {
      language_code: 'ru',
    });
    expect(await telegram.getMyCommands({ language_code: 'ru' })).toEqual([
      { command: 'start', description: 'Начать' },
    ]);
    expect(await telegram.getMyCommands()).toEqual([
      { command: 'start', description: 'Start over' },
    ]);
    expect(await telegram.getMyCommands({ language_code: 'es' })).toEqual([]);
  });
});

describe('callback queries', () => {
  it('accepts one answer per callback query and counts them', async () => {
    await telegram.sendMessage(
      user.id,
      'Menu',
      Markup.inlineKeyboard([Markup.button.callback('Book', 'book')]),
    );
    const press = sandbox.telegram.press(bot, user, 'Book');
    expect(press.kind).toBe('callback');
    const updates = await telegram.getUpdates(0, 100, 0, undefined);
    const query = updates.flatMap((update) =>
      'callback_query' in update ? [update.callback_query] : [],
    )[0];
    expect(query).toMatchObject({ data: 'book', from: { id: user.id }, message: { text: 'Menu' } });
    expect(typeof query?.chat_instance).toBe('string');
    expect(await telegram.answerCbQuery(query?.id as string, 'Done')).toBe(true);
    expect((await botApiError(telegram.answerCbQuery(query?.id as string))).description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    expect(sandbox.telegram.stats(bot).callbacks).toMatchObject([
      { data: 'book', answerCount: 2, answer: { text: 'Done' } },
    ]);
  });
});
