import type { ClientContext } from '../../context.js';
import type { ConsoleSession } from './session.js';

/** The user's console state, created on first use. */
export function consoleState(ctx: ClientContext): ConsoleSession {
  ctx.session.console ??= {};
  return ctx.session.console;
}
