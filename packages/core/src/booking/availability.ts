import { DateTime } from 'luxon';
import { BoundedMemo } from '../memo/index.js';
import { minutesOfDay, type TimeInterval, type WeeklyHours } from '../settings/index.js';
import { addDays, localDateIn } from './local-time.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A half-open range of instants `[from, until)` in epoch milliseconds. */
export interface EpochRange {
  from: number;
  until: number;
}

/**
 * Why a period is unavailable: an existing booking, a blocked period (vacation,
 * closure) or a slot held for a waitlist offer. Bookings and holds make a slot
 * "taken"; blocked periods make it "outside hours".
 */
export type BusyKind = 'booking' | 'blocked' | 'hold';

/** A period in which a specialist cannot take a new booking (buffers already included). */
export interface BusyPeriod extends EpochRange {
  kind: BusyKind;
}

/** Everything availability needs to know about one specialist and the service asked for. */
export interface StaffSchedule {
  staffId: number;
  /** Length of the appointment itself, minutes. */
  durationMinutes: number;
  /** Preparation before the appointment; must not overlap busy periods, minutes. */
  bufferBeforeMinutes: number;
  /** Clean-up after the appointment; must not overlap busy periods, minutes. */
  bufferAfterMinutes: number;
  /** Weekly wall-clock hours; breaks are gaps between intervals. */
  weeklyHours: WeeklyHours;
  /** The specialist's own date overrides (`yyyy-MM-dd` → intervals; empty is a day off). */
  overrides: ReadonlyMap<string, readonly TimeInterval[]>;
  /** Occupied periods, in any order, possibly overlapping. */
  busy: readonly BusyPeriod[];
}

/** The tenant rules availability applies (a subset of the tenant settings). */
export interface AvailabilityRules {
  /** IANA zone of hours and dates. */
  timeZone: string;
  slotStepMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
}

/** Input of {@link computeSlots} and {@link summarizeDays}. */
export interface AvailabilityRequest {
  rules: AvailabilityRules;
  now: Date;
  /** First local date, `yyyy-MM-dd`. */
  from: string;
  /** Last local date (inclusive), `yyyy-MM-dd`. */
  to: string;
  /** Candidate specialists, in the order "any" prefers them. */
  staff: readonly StaffSchedule[];
  /**
   * Business-wide overrides (`yyyy-MM-dd` → intervals). They narrow every specialist's
   * hours of that day: an empty list closes the business, special hours are
   * intersected with each specialist's own hours.
   */
  businessOverrides: ReadonlyMap<string, readonly TimeInterval[]>;
}

/** A bookable start for one specialist. */
export interface Slot {
  staffId: number;
  startsAt: Date;
  endsAt: Date;
}

/** A bookable start for "any specialist": the specialists free then, in preference order. */
export interface MergedSlot {
  startsAt: Date;
  staffIds: number[];
}

/** Calendar state of one day: bookable, nearly full, fully booked, not working, or over. */
export type DayStatus = 'free' | 'few' | 'full' | 'closed' | 'past';

/** One day of a month calendar. */
export interface DaySummary {
  date: string;
  status: DayStatus;
  /** Distinct free start times (over all candidate specialists). */
  freeSlots: number;
}

/** Result of {@link checkSlot}. */
export type SlotCheck =
  | { ok: true; endsAt: Date }
  | { ok: false; reason: 'TOO_SOON' | 'TOO_FAR' | 'OUTSIDE_HOURS' | 'SLOT_TAKEN' };

/**
 * Memo of wall-clock → instant conversions (`zone/date/minutes` → epoch ms). Zone
 * math is the hot spot of a month view and its answers never change (for one tz
 * database), so they are shared by every request. Not tenant state: two tenants in
 * one zone simply share entries. Bounded by clearing when it grows past the limit.
 */
const INSTANTS = new BoundedMemo<string, number>(100_000);

/** Converts local wall-clock times of the tenant's zone to instants. */
class LocalClock {
  readonly today: string;
  readonly lastBookableDate: string;
  readonly earliestStart: number;

  constructor(
    readonly rules: AvailabilityRules,
    now: Date,
  ) {
    this.today = localDateIn(rules.timeZone, now.getTime());
    this.lastBookableDate = addDays(this.today, rules.bookingHorizonDays);
    this.earliestStart = now.getTime() + rules.minNoticeMinutes * MINUTE_MS;
  }

  /** The instant of `minutes` after local midnight of `date`; 1440 is the next midnight. */
  instant(date: string, minutes: number): number {
    return INSTANTS.get(`${this.rules.timeZone}/${date}/${minutes}`, () => {
      const day = DateTime.fromISO(date, { zone: this.rules.timeZone });
      // Wall-clock arithmetic: on a DST day "09:00" stays 09:00 local whatever the
      // offset, and a time inside the spring-forward gap moves forward, as luxon documents.
      return minutes >= 1440
        ? day.plus({ days: 1 }).startOf('day').toMillis()
        : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
    });
  }

  localDateOf(instant: number): string {
    return localDateIn(this.rules.timeZone, instant);
  }
}

/** Local dates from `from` to `to`, inclusive. Throws on a malformed date. */
export function listDates(from: string, to: string): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to) || Number.isNaN(first) || Number.isNaN(last)) {
    throw new Error(`Invalid date range ${from}..${to}`);
  }
  const dates: string[] = [];
  // Calendar dates, not instants: stepping whole UTC days never meets a DST change.
  for (let day = first; day <= last; day += DAY_MS) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** ISO weekday (`'1'` Monday .. `'7'` Sunday) of a calendar date. */
function weekdayOf(date: string): keyof WeeklyHours {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return String(day === 0 ? 7 : day) as keyof WeeklyHours;
}

interface MinuteRange {
  start: number;
  end: number;
}

// Interval lists are reused across days (weekly hours), so parse each list once.
const MINUTE_RANGES = new WeakMap<readonly TimeInterval[], MinuteRange[]>();

function toMinuteRanges(intervals: readonly TimeInterval[]): MinuteRange[] {
  const cached = MINUTE_RANGES.get(intervals);
  if (cached !== undefined) {
    return cached;
  }
  const ranges = intervals
    .map((interval) => ({ start: minutesOfDay(interval.start), end: minutesOfDay(interval.end) }))
    .sort((a, b) => a.start - b.start);
  MINUTE_RANGES.set(intervals, ranges);
  return ranges;
}

function intersect(left: MinuteRange[], right: MinuteRange[]): MinuteRange[] {
  const result: MinuteRange[] = [];
  for (const a of left) {
    for (const b of right) {
      const start = Math.max(a.start, b.start);
      const end = Math.min(a.end, b.end);
      if (start < end) {
        result.push({ start, end });
      }
    }
  }
  return result.sort((a, b) => a.start - b.start);
}

/** The specialist's working ranges on a local date, as instants. */
function workingRanges(
  clock: LocalClock,
  staff: StaffSchedule,
  businessOverrides: ReadonlyMap<string, readonly TimeInterval[]>,
  date: string,
): EpochRange[] {
  const own = toMinuteRanges(staff.overrides.get(date) ?? staff.weeklyHours[weekdayOf(date)] ?? []);
  const business = businessOverrides.get(date);
  const local = business === undefined ? own : intersect(own, toMinuteRanges(business));
  const ranges: EpochRange[] = [];
  for (const range of local) {
    const from = clock.instant(date, range.start);
    const until = clock.instant(date, range.end);
    if (from < until) {
      ranges.push({ from, until });
    }
  }
  return ranges;
}

/** Sorted, disjoint union of busy periods, for binary search. */
function mergeBusy(busy: readonly EpochRange[]): EpochRange[] {
  const sorted = [...busy].sort((a, b) => a.from - b.from);
  const merged: EpochRange[] = [];
  for (const period of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && period.from <= last.until) {
      last.until = Math.max(last.until, period.until);
    } else {
      merged.push({ from: period.from, until: period.until });
    }
  }
  return merged;
}

/** True when `[from, until)` overlaps nothing in the sorted disjoint `busy`. */
function isFree(busy: readonly EpochRange[], from: number, until: number): boolean {
  let low = 0;
  let high = busy.length;
  // First period that ends after `from`; only it can overlap, since periods are disjoint.
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((busy[middle] as EpochRange).until <= from) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const candidate = busy[low];
  return candidate === undefined || candidate.from >= until;
}

interface DayGrid {
  /** Grid starts that pass the minimum notice, whether free or not. */
  upcoming: number[];
  /** Grid starts in working hours, ignoring notice and busy periods. */
  total: number;
  /** Free starts, epoch ms. */
  free: number[];
  /** Length of the appointment, ms. */
  duration: number;
}

function staffDayGrid(
  clock: LocalClock,
  staff: StaffSchedule,
  busy: readonly EpochRange[],
  businessOverrides: ReadonlyMap<string, readonly TimeInterval[]>,
  date: string,
): DayGrid {
  const duration = staff.durationMinutes * MINUTE_MS;
  const grid: DayGrid = { upcoming: [], total: 0, free: [], duration };
  const before = staff.bufferBeforeMinutes * MINUTE_MS;
  const after = staff.bufferAfterMinutes * MINUTE_MS;
  const step = clock.rules.slotStepMinutes * MINUTE_MS;
  for (const range of workingRanges(clock, staff, businessOverrides, date)) {
    // Starts step through real elapsed time from the opening of each interval, so a
    // DST jump inside working hours neither repeats nor skips a slot.
    for (let start = range.from; start + duration <= range.until; start += step) {
      grid.total += 1;
      if (start < clock.earliestStart) {
        continue;
      }
      grid.upcoming.push(start);
      if (isFree(busy, start - before, start + duration + after)) {
        grid.free.push(start);
      }
    }
  }
  return grid;
}

function bookableDates(clock: LocalClock, from: string, to: string): string[] {
  return listDates(from, to).filter(
    (date) => date >= clock.today && date <= clock.lastBookableDate,
  );
}

/**
 * Free slots of every candidate specialist between two local dates, sorted by start
 * and then by the specialists' order. A slot is free when the appointment fits one
 * working interval of its day (after date overrides), its buffers overlap no busy
 * period, it starts at least the minimum notice after `now`, and its local date is
 * within the booking horizon. Starts are spaced by the slot step from the opening of
 * each working interval. Pure: the same input always gives the same output.
 *
 * @throws Error on a malformed date range.
 */
export function computeSlots(request: AvailabilityRequest): Slot[] {
  const clock = new LocalClock(request.rules, request.now);
  const dates = bookableDates(clock, request.from, request.to);
  const slots: Slot[] = [];
  request.staff.forEach((staff) => {
    const busy = mergeBusy(staff.busy);
    for (const date of dates) {
      const grid = staffDayGrid(clock, staff, busy, request.businessOverrides, date);
      for (const start of grid.free) {
        slots.push({
          staffId: staff.staffId,
          startsAt: new Date(start),
          endsAt: new Date(start + grid.duration),
        });
      }
    }
  });
  const order = new Map(request.staff.map((staff, index) => [staff.staffId, index]));
  return slots.sort(
    (a, b) =>
      a.startsAt.getTime() - b.startsAt.getTime() ||
      (order.get(a.staffId) ?? 0) - (order.get(b.staffId) ?? 0),
  );
}

/**
 * Merges the slots of several specialists by start time, for "any specialist":
 * each start lists the specialists free then, in the order the slots came
 * (see {@link computeSlots}, which sorts by the specialists' preference order).
 */
export function mergeSlots(slots: readonly Slot[]): MergedSlot[] {
  const byStart = new Map<number, MergedSlot>();
  for (const slot of slots) {
    const key = slot.startsAt.getTime();
    const merged = byStart.get(key);
    if (merged === undefined) {
      byStart.set(key, { startsAt: slot.startsAt, staffIds: [slot.staffId] });
    } else if (!merged.staffIds.includes(slot.staffId)) {
      merged.staffIds.push(slot.staffId);
    }
  }
  return [...byStart.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** A day with at most this share of its upcoming starts still free shows as "few". */
export const FEW_SLOTS_SHARE = 0.25;

/**
 * A calendar summary of each local date in the request, over all candidate
 * specialists merged: `past` (before today, or no start left after the minimum
 * notice), `closed` (no working hours, or beyond the booking horizon), `full` (every
 * start taken), `few` (at most {@link FEW_SLOTS_SHARE} of the upcoming starts free)
 * or `free`.
 *
 * @throws Error on a malformed date range.
 */
export function summarizeDays(request: AvailabilityRequest): DaySummary[] {
  const clock = new LocalClock(request.rules, request.now);
  const busyByStaff = request.staff.map((staff) => mergeBusy(staff.busy));
  return listDates(request.from, request.to).map((date): DaySummary => {
    if (date < clock.today) {
      return { date, status: 'past', freeSlots: 0 };
    }
    if (date > clock.lastBookableDate) {
      return { date, status: 'closed', freeSlots: 0 };
    }
    let working = false;
    // Distinct start times: "any" shows one button per time, not one per specialist.
    const upcomingStarts = new Set<number>();
    const freeStarts = new Set<number>();
    request.staff.forEach((staff, index) => {
      const grid = staffDayGrid(
        clock,
        staff,
        busyByStaff[index] ?? [],
        request.businessOverrides,
        date,
      );
      working ||= grid.total > 0;
      for (const start of grid.upcoming) {
        upcomingStarts.add(start);
      }
      for (const start of grid.free) {
        freeStarts.add(start);
      }
    });
    if (!working) {
      return { date, status: 'closed', freeSlots: 0 };
    }
    if (upcomingStarts.size === 0) {
      return { date, status: 'past', freeSlots: 0 };
    }
    const freeSlots = freeStarts.size;
    if (freeSlots === 0) {
      return { date, status: 'full', freeSlots };
    }
    return {
      date,
      status: freeSlots <= upcomingStarts.size * FEW_SLOTS_SHARE ? 'few' : 'free',
      freeSlots,
    };
  });
}

/**
 * {@link checkSlot} for a start an admin chose "outside hours": working hours, minimum
 * notice and horizon do not apply; blocked periods (`OUTSIDE_HOURS`) and other bookings
 * and holds (`SLOT_TAKEN`) still do, buffers included.
 */
export function checkSlotOutsideHours(staff: StaffSchedule, startsAt: Date): SlotCheck {
  const start = startsAt.getTime();
  const end = start + staff.durationMinutes * MINUTE_MS;
  const occupiedFrom = start - staff.bufferBeforeMinutes * MINUTE_MS;
  const occupiedUntil = end + staff.bufferAfterMinutes * MINUTE_MS;
  const overlapping = staff.busy.filter(
    (period) => period.from < occupiedUntil && period.until > occupiedFrom,
  );
  if (overlapping.some((period) => period.kind === 'blocked')) {
    return { ok: false, reason: 'OUTSIDE_HOURS' };
  }
  if (overlapping.length > 0) {
    return { ok: false, reason: 'SLOT_TAKEN' };
  }
  return { ok: true, endsAt: new Date(end) };
}

/**
 * Decides whether one specialist can take an appointment starting at `startsAt`,
 * by the same rules as {@link computeSlots} except that the start need not lie on
 * the slot grid (an admin may book 10:10). Reasons, in the order checked:
 * `TOO_SOON`, `TOO_FAR`, `OUTSIDE_HOURS` (not within one working interval, or
 * overlapping a blocked period), `SLOT_TAKEN` (overlapping a booking or a hold).
 */
export function checkSlot(
  rules: AvailabilityRules,
  now: Date,
  staff: StaffSchedule,
  businessOverrides: ReadonlyMap<string, readonly TimeInterval[]>,
  startsAt: Date,
): SlotCheck {
  const clock = new LocalClock(rules, now);
  const start = startsAt.getTime();
  const end = start + staff.durationMinutes * MINUTE_MS;
  if (start < clock.earliestStart) {
    return { ok: false, reason: 'TOO_SOON' };
  }
  const date = clock.localDateOf(start);
  if (date > clock.lastBookableDate) {
    return { ok: false, reason: 'TOO_FAR' };
  }
  const fits = workingRanges(clock, staff, businessOverrides, date).some(
    (range) => start >= range.from && end <= range.until,
  );
  if (!fits) {
    return { ok: false, reason: 'OUTSIDE_HOURS' };
  }
  const occupiedFrom = start - staff.bufferBeforeMinutes * MINUTE_MS;
  const occupiedUntil = end + staff.bufferAfterMinutes * MINUTE_MS;
  const overlapping = staff.busy.filter(
    (period) => period.from < occupiedUntil && period.until > occupiedFrom,
  );
  if (overlapping.some((period) => period.kind === 'blocked')) {
    return { ok: false, reason: 'OUTSIDE_HOURS' };
  }
  if (overlapping.length > 0) {
    return { ok: false, reason: 'SLOT_TAKEN' };
  }
  return { ok: true, endsAt: new Date(end) };
}
