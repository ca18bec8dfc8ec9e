/**
 * The booking flow of the updates benchmark, as one simulated customer runs it: menu,
 * service, any specialist, a day, a time, confirm, cancel. It holds at any instant: the
 * days it picks start far enough ahead that the tenant's minimum notice and cancellation
 * window allow both the booking and its cancellation, whatever the hour, weekday, day
 * of the month or daylight-saving change.
 */
import { addDays, localDateIn, type Settings } from '@booking/core';
import type { SandboxChat } from '@booking/sandbox';
import { BenchStepError } from '../lib/lifecycle.js';

/** The customer picks one of the first this many free days it may book. */
const DAYS_AMONG = 5;
/** Time a round may take on a slow machine, on top of the tenant's notice and window. */
const ROUND_MARGIN_MINUTES = 60;

/** What a customer's round needs besides its chat. */
export interface BookingFlowOptions {
  /** The bot's clock (the benchmark's `--now`, or the system clock). */
  now: () => Date;
  /** The tenant's IANA time zone. */
  timeZone: string;
  /** The tenant's rules that decide which days are safe to pick. */
  settings: Pick<Settings, 'minNoticeMinutes' | 'cancellationWindowHours'>;
  /**
   * Among how many of the first safe days the customer picks (default 5). Hundreds of
   * customers of one salon need more days than five hold times.
   */
  daysAmong?: number;
}

/** A repeatable pseudo-random sequence (mulberry32), one per customer. */
export function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The first local date (`yyyy-MM-dd`) on which every time may be booked and then
 * cancelled by the customer during the next hour: the day after the one that holds
 * `now` + the longer of the minimum notice and the cancellation window + a margin.
 * Whole days are compared, so opening hours and a 23- or 25-hour day do not matter.
 */
export function firstSafeDate(options: BookingFlowOptions): string {
  const { minNoticeMinutes, cancellationWindowHours } = options.settings;
  const leadMinutes =
    Math.max(minNoticeMinutes, cancellationWindowHours * 60) + ROUND_MARGIN_MINUTES;
  const latestUnsafe = options.now().getTime() + leadMinutes * 60_000;
  return addDays(localDateIn(options.timeZone, latestUnsafe), 1);
}

/** `YYYY-MM` one month after `month`. */
function nextMonth(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
}

/** The labels of the buttons that match, in the keyboard's order. */
function labelsMatching(chat: SandboxChat, pattern: RegExp): string[] {
  return chat
    .buttons()
    .flat()
    .filter((text) => pattern.test(text));
}

/** A free or nearly full day of the calendar: its number, a dot for few times left. */
const DAY_BUTTON = /^\d+•?$/;

/** The day buttons of the calendar showing `month` on or after `first`. */
function safeDays(chat: SandboxChat, month: string, first: string): string[] {
  return labelsMatching(chat, DAY_BUTTON).filter(
    (label) => `${month}-${label.replace('•', '').padStart(2, '0')}` >= first,
  );
}

/**
 * One round of the flow for a returning customer; two customers who pick the same time
 * race, and the loser picks again among the fresh times, as a person would.
 *
 * @param name the customer, for the failure message (`customer 3, round 2`).
 * @returns the number of updates it sent.
 * @throws BenchStepError naming the customer's step that did not get its answer.
 */
export async function bookingRound(
  chat: SandboxChat,
  random: () => number,
  options: BookingFlowOptions,
  name: string,
): Promise<number> {
  let updates = 0;
  const step = async (label: string, action: () => Promise<unknown>, expected: RegExp) => {
    try {
      await action();
      updates += 1;
      return await chat.waitFor(expected);
    } catch (error) {
      throw new BenchStepError(`${name}, ${label}`, error);
    }
  };
  const pick = (labels: readonly string[], what: string): string => {
    const label = labels[Math.floor(random() * labels.length)];
    if (label === undefined) {
      throw new BenchStepError(`${name}, choose a ${what}`, new Error(`no ${what} offered`));
    }
    return label;
  };

  /** Books a time; false when the day filled up under the customer (they start again). */
  const bookSomeTime = async (): Promise<boolean> => {
    await step('/start', () => chat.send('/start'), /What would you like to do/);
    await step('Book', () => chat.press('📅 Book'), /Choose a service/);
    const service = labelsMatching(chat, /^Men's haircut/)[0] ?? '';
    await step('service', () => chat.press(service), /Choose a specialist/);
    await step('Any specialist', () => chat.press('Any specialist'), /Choose a day/);

    // The calendar opens at today's month; near its end the safe days are in the next.
    const first = firstSafeDate(options);
    let month = localDateIn(options.timeZone, options.now().getTime()).slice(0, 7);
    let days = safeDays(chat, month, first);
    const daysAmong = options.daysAmong ?? DAYS_AMONG;
    if (days.length < daysAmong) {
      month = nextMonth(month);
      await step('next month', () => chat.press('▶'), /Choose a day/);
      days = safeDays(chat, month, first);
    }
    const day = pick(days.slice(0, daysAmong), 'day');
    await step(`day ${month}-${day}`, () => chat.press(day), /choose a time/);
    for (;;) {
      const times = labelsMatching(chat, /^\d\d:\d\d$/);
      if (times.length === 0) {
        // Other customers took the day's last free times since the calendar was drawn.
        return false;
      }
      const time = pick(times, 'time');
      await step(`time ${time}`, () => chat.press(time), /Please check your booking/);
      const outcome = await step(
        'Confirm',
        () => chat.press('✅ Confirm'),
        /You are booked|was just taken/,
      );
      if (outcome.text.includes('You are booked')) {
        return true;
      }
    }
  };
  for (let attempt = 1; !(await bookSomeTime()); attempt++) {
    if (attempt === 5) {
      throw new BenchStepError(`${name}, book`, new Error('every day picked filled up first'));
    }
  }
  await step('Cancel booking', () => chat.press('✖ Cancel booking'), /Cancel this booking\?/);
  await step('Yes, cancel', () => chat.press('Yes, cancel'), /Your booking was cancelled/);
  return updates;
}
