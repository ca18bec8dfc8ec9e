import { type CallbackCodec, callbackAction } from '@booking/bot-kit';
import type { ServiceSchedule, Settings } from '@booking/core';
import type { MiddlewareFn } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientContext } from '../../context.js';

/** Where the booking wizard is; kept in the session between button presses. */
export interface Wizard {
  /** Changes with every new wizard, so buttons of an older one are recognised as stale. */
  flow: number;
  /** Set when the wizard moves an existing booking instead of creating one. */
  rescheduleBookingId?: number;
  serviceId?: number;
  staffId?: number | 'any';
  month?: string;
  date?: string;
  /** The page of the day's times on screen (a long day has several). */
  timePage?: number;
  /** Chosen start (ISO) and the specialist free then. */
  startsAt?: string;
  slotStaffId?: number;
  /** The message the wizard edits in place. */
  messageId?: number;
}

/** What every step's screen is drawn from. */
export interface StepView {
  wizard: Wizard;
  settings: Settings;
  now: Date;
  /** The row with the wizard's Back button. */
  back: InlineKeyboardButton[];
  /** A line above the step (a slot taken meanwhile) and its blank line, or empty. */
  prefix: string;
}

/** The service and the specialist (or any) chosen: what the day, time and confirm steps show. */
export interface StepChoice {
  schedule: ServiceSchedule;
  /** The specialist chosen by name; `undefined` for any specialist. */
  chosen: ServiceSchedule['specialists'][number] | undefined;
  /** The chosen specialist's name, or "any specialist". */
  specialistName: string;
  staffId: number | 'any';
}

/**
 * A handler of a wizard button. Every wizard button carries its flow first; a button of
 * another flow is outdated.
 */
export function wizardButton(
  codec: CallbackCodec,
  action: string,
  handler: (ctx: ClientContext, wizard: Wizard, args: string[]) => Promise<void>,
): MiddlewareFn<ClientContext> {
  return callbackAction<ClientContext>(codec, action, async (ctx, [flow, ...args]) => {
    const wizard = ctx.session.wizard;
    if (!wizard || String(wizard.flow) !== flow) {
      await ctx.answerCbQuery(ctx.t('button.outdated'));
      return;
    }
    await handler(ctx, wizard, args);
  });
}
