/**
 * Many clients who have a chat with the bot, made in one go for broadcast tests and the
 * broadcast benchmark. Test-only: production code never imports this file.
 */
import type { TenantExecutor } from '@booking/core';
import type { Sandbox, SandboxBot, SandboxUser } from '@booking/sandbox';

/** What {@link addAudience} made. */
export interface Audience {
  users: SandboxUser[];
  /** The ones who blocked the bot (the last `blocked` of `users`). */
  blockedUsers: SandboxUser[];
  /** How many messages containing `text` each user received, in user order. */
  received(text: string): number[];
}

/**
 * Creates `count` Telegram users who wrote to the bot (so it may write to them) and
 * stores each as a client; the last `blocked` of them then block the bot. Run it while
 * no bot polls: their messages are taken off the bot's queue here, as a bot would have
 * answered them long ago.
 */
export async function addAudience(
  sandbox: Sandbox,
  bot: SandboxBot,
  db: TenantExecutor,
  options: { count: number; blocked?: number; namePrefix?: string },
): Promise<Audience> {
  const prefix = options.namePrefix ?? 'Guest';
  const users: SandboxUser[] = [];
  for (let i = 0; i < options.count; i++) {
    const user = sandbox.telegram.createUser({ first_name: `${prefix}${i}`, language_code: 'en' });
    sandbox.telegram.sendText(bot, user, 'hello');
    users.push(user);
  }
  await db
    .insertInto('clients')
    .values(
      users.map((user) => ({
        telegram_user_id: user.id,
        name: user.first_name,
        phone: null,
        locale: 'en',
      })),
    )
    .execute();
  const blockedUsers = users.slice(users.length - (options.blocked ?? 0));
  for (const user of blockedUsers) {
    sandbox.telegram.block(bot, user);
  }
  await discardPendingUpdates(sandbox, bot);
  return {
    users,
    blockedUsers,
    received: (text) =>
      users.map(
        (user) =>
          sandbox.telegram
            .transcript(bot, user)
            .messages.filter((message) => message.from === 'bot' && message.text?.includes(text))
            .length,
      ),
  };
}

/** Confirms every update waiting for the bot, as Telegram's `getUpdates` with an offset. */
export async function discardPendingUpdates(sandbox: Sandbox, bot: SandboxBot): Promise<void> {
  const call = async (offset: number) => {
    const response = await fetch(`${sandbox.url}/bot${bot.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offset, timeout: 0 }),
    });
    return (await response.json()) as { result: Array<{ update_id: number }> };
  };
  const last = (await call(-1)).result.at(-1);
  if (last) {
    await call(last.update_id + 1);
  }
}
