import type { SalesContext } from '../../context.js';
import { onboardingStepsMessage } from '../../messages.js';

/** Shows how to create a bot with BotFather and waits for its token. */
export async function showOnboardingSteps(
  ctx: SalesContext,
  businessName: string | null | undefined,
): Promise<void> {
  ctx.session.awaiting = 'token';
  const message = onboardingStepsMessage(ctx.t, businessName ?? null);
  await ctx.reply(message.text, { parse_mode: 'HTML' });
}
