/**
 * Helpers for console tests: the data behind a button (to replay it from another user,
 * as a forger would) and the audit rows of refused console actions.
 * Test-only: production code never imports this file.
 */
import { listAuditLog, type TenantExecutor } from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';

/** The signed callback data of the newest button labelled `label` in the chat. */
export function buttonData(chat: SandboxChat, label: string | RegExp): string {
  const matches = (text: string) => (typeof label === 'string' ? text === label : label.test(text));
  for (const message of chat.botMessages().reverse()) {
    const markup = message.replyMarkup;
    if (!markup || !('inline_keyboard' in markup)) {
      continue;
    }
    for (const button of markup.inline_keyboard.flat()) {
      if (matches(button.text) && 'callback_data' in button && button.callback_data) {
        return button.callback_data;
      }
    }
  }
  throw new Error(`No button ${String(label)}:\n${chat.toString()}`);
}

/** The `access.refused` audit rows, newest first. */
export async function refusals(db: TenantExecutor) {
  return (await listAuditLog(db, { limit: 1000 })).filter(
    (entry) => entry.action === 'access.refused',
  );
}
