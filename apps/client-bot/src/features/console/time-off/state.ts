import type { TimeInterval } from '@booking/core';
import type { ClientContext } from '../../../context.js';

/** Where the time-off wizard is (the console session's `timeOff`). */
export interface TimeOffState {
  mode: 'block' | 'hours';
  /** The specialist; 0 for the whole business. */
  staffId: number;
  /** Blocking: the typed period (ISO instants). */
  startsAt?: string;
  endsAt?: string;
  /** Special hours: the typed local date and its intervals (none: closed). */
  date?: string;
  intervals?: TimeInterval[];
  /** What the clients of cancelled bookings are told. */
  reason?: string;
}

/** Callback actions of the time-off area (prefix `to.`). */
export const TIME_OFF_CB = {
  /** The area's first screen. */
  home: 'to',
  /** Start: mode (`block` or `hours`). */
  start: 'to.m',
  /** Whom: mode, specialist id (0: the business). */
  who: 'to.w',
  /** Save the typed period or special hours: `cancel` or `keep` the bookings they leave out. */
  confirm: 'to.ok',
  /** Remove a blocked period: its id. */
  unblock: 'to.u',
} as const;

/** The area's typed answers (console input area `to`). */
export const TIME_OFF_AREA = 'to';

/** The wizard's state, when one is under way. */
export function timeOffState(ctx: ClientContext): TimeOffState | undefined {
  return ctx.session.console?.timeOff;
}
