import { IANAZone } from 'luxon';
import { z } from 'zod';

const KNOWN_ZONES = new Set<string>();

/**
 * Whether `zone` is an IANA zone this runtime knows. Memoized: validating settings
 * happens on every booking, and asking Intl is expensive.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (KNOWN_ZONES.has(zone)) {
    return true;
  }
  const known = IANAZone.isValidZone(zone);
  if (known) {
    KNOWN_ZONES.add(zone);
  }
  return known;
}

const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** A wall-clock time `HH:mm` in the tenant's zone; `24:00` means the end of the day. */
export const TimeOfDaySchema = z.string().regex(TIME_OF_DAY, 'expected HH:mm (00:00 to 24:00)');

/** Minutes since local midnight of a {@link TimeOfDaySchema} value (`24:00` is 1440). */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** A half-open wall-clock interval `[start, end)` within one local day. */
export const TimeIntervalSchema = z
  .object({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((interval) => minutesOfDay(interval.start) < minutesOfDay(interval.end), {
    message: 'start must be before end',
  });
/** See {@link TimeIntervalSchema}. */
export type TimeInterval = z.infer<typeof TimeIntervalSchema>;

/** Sorted, non-overlapping intervals of one day. An empty list is a day off. */
export const DayIntervalsSchema = z
  .array(TimeIntervalSchema)
  .max(12)
  .refine(
    (intervals) => {
      const sorted = [...intervals].sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
      return sorted.every(
        (interval, index) =>
          index === 0 ||
          minutesOfDay(sorted[index - 1]?.end ?? '00:00') <= minutesOfDay(interval.start),
      );
    },
    { message: 'intervals of one day must not overlap' },
  );

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export const WeekdaySchema = z.number().int().min(1).max(7);
/** See {@link WeekdaySchema}. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Weekly hours keyed by ISO weekday (`'1'`..`'7'`); a missing day is a day off. */
export const WeeklyHoursSchema = z.partialRecord(
  z.enum(['1', '2', '3', '4', '5', '6', '7']),
  DayIntervalsSchema.optional(),
);
/** See {@link WeeklyHoursSchema}. */
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

const WORKDAY = [{ start: '09:00', end: '18:00' }];

/**
 * The validated settings of one tenant. Every field has a default, so a fresh tenant
 * (an empty settings row) reads as a working business: Mon–Fri 09:00–18:00,
 * 30-minute slots, 3 active bookings per client, 24 h cancellation window,
 * reminders 24 h and 2 h before, Europe/Moscow.
 */
export const SettingsSchema = z.object({
  /** IANA zone in which hours, dates and availability are expressed. */
  timeZone: z
    .string()
    .refine(isKnownTimeZone, { message: 'unknown IANA time zone' })
    .default('Europe/Moscow'),
  /** Distance between offered start times, minutes. */
  slotStepMinutes: z.number().int().min(5).max(240).default(30),
  /** A slot must start at least this many minutes after now. */
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
  /** Bookable up to this many days after today (local), inclusive. */
  bookingHorizonDays: z.number().int().min(1).max(366).default(60),
  /** Confirmed future bookings a client may hold at once. */
  maxActiveBookingsPerClient: z.number().int().min(1).max(100).default(3),
  /** A client may cancel or reschedule only while the start is at least this far away, hours. */
  cancellationWindowHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 14)
    .default(24),
  /** Reminders go this many minutes before the start, one per entry. */
  reminderOffsetsMinutes: z
    .array(
      z
        .number()
        .int()
        .min(5)
        .max(60 * 24 * 14),
    )
    .max(5)
    .default([24 * 60, 120]),
  /** The feedback request goes this many minutes after the end of a completed visit. */
  feedbackDelayMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 14)
    .default(120),
  /** How long a waitlist offer holds a freed slot, minutes. */
  waitlistOfferMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Locale of clients that have not chosen one, and of staff messages. */
  defaultLocale: z.string().min(2).max(10).default('ru'),
  /** Currency of new services (ISO 4217). */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('RUB'),
  businessName: z.string().max(200).default(''),
  businessAddress: z.string().max(500).default(''),
  businessPhone: z.string().max(50).default(''),
  /**
   * Country (ISO 3166-1 alpha-2, `ES`) of customers' phone numbers typed without a
   * country code. Empty: the country of `timeZone` (see `phoneRegionOf` in clients).
   */
  phoneRegion: z
    .string()
    .regex(/^(?:[A-Z]{2})?$/, 'expected a country code such as RU or ES')
    .default(''),
  /** Hours a new specialist starts with. */
  defaultWorkingHours: WeeklyHoursSchema.default({
    '1': WORKDAY,
    '2': WORKDAY,
    '3': WORKDAY,
    '4': WORKDAY,
    '5': WORKDAY,
  }),
});
/** See {@link SettingsSchema}. */
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A partial update of {@link Settings}. It is validated merged with the current
 * settings by {@link SettingsSchema} in strict mode, so unknown keys are rejected.
 */
export type SettingsPatch = Partial<Settings>;

/** Settings of a tenant that never changed any. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
