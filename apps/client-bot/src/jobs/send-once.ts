import { telegramSendFailure } from '@booking/bot-kit';
import { deliverOnce, type Logger, type TenantExecutor } from '@booking/core';
import type { Telegram } from 'telegraf';
import type { OutgoingMessage } from '../messages.js';

/** What {@link sendMessageOnce} needs. */
export interface SendOnceDeps {
  logger: Logger;
  now: () => Date;
}

/**
 * Sends a message that must reach its person once (see core's `deliverOnce`): claimed in
 * Postgres under `key` before the request leaves, so a job run again after a crash, a
 * stall or a retry does not send it twice; released for the job's retry only after a
 * definite error answer, whose error is rethrown. A person who blocked the bot, or a send
 * whose outcome is unknown, ends quietly: it may have arrived, so it is not sent again.
 */
export async function sendMessageOnce(
  deps: SendOnceDeps,
  db: TenantExecutor,
  key: string,
  telegram: Telegram,
  chatId: number,
  message: OutgoingMessage,
): Promise<void> {
  const outcome = await deliverOnce(
    db,
    key,
    () =>
      telegram.sendMessage(
        chatId,
        message.text,
        message.markup.inline_keyboard.length > 0 ? { reply_markup: message.markup } : {},
      ),
    { now: deps.now, classify: telegramSendFailure },
  );
  switch (outcome) {
    case 'sent':
    case 'duplicate':
      return;
    case 'refused':
      deps.logger.info({ chatId, key }, 'user blocked or never started the bot; message dropped');
      return;
    case 'unknown':
      deps.logger.warn({ chatId, key }, 'no definite answer to a send; not sent again');
      return;
  }
}
