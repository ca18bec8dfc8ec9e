import type { Admin, AdminRole } from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { requireConsoleRole } from './access.js';

/**
 * Reads typed answers the area `area` asked for (see {@link ConsoleSession.input}):
 * passes on anything else, commands included, and checks the role before `handler`.
 */
export function consoleText(
  services: ClientBotServices,
  area: string,
  needed: AdminRole,
  handler: (ctx: ClientContext, admin: Admin, step: string, text: string) => Promise<unknown>,
): MiddlewareFn<ClientContext> {
  return async (ctx, next) => {
    const input = ctx.session.console?.input;
    const text = ctx.message && 'text' in ctx.message ? ctx.message.text : undefined;
    if (text === undefined || input?.area !== area || text.startsWith('/')) {
      return next();
    }
    const admin = await requireConsoleRole(ctx, services, needed, {
      action: `console.${area}.${input.step}`,
    });
    if (admin) {
      await handler(ctx, admin, input.step, text);
    }
  };
}
