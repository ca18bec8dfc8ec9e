import { z } from 'zod';
import { freeTextSchema, LocalDateSchema } from '../validation/index.js';

/** Lifecycle of a booking. Every status but `cancelled` occupies the specialist's time. */
export type BookingStatus = 'confirmed' | 'cancelled' | 'completed' | 'no_show';

/**
 * Who performs an operation. Clients act on their own bookings within the rules;
 * admins (resolved by the bot from the `admins` table) may override time rules but
 * must give reasons; `system` is a worker (waitlist, reconciler).
 */
export type Actor =
  | { kind: 'client'; clientId: number }
  | { kind: 'admin'; adminId: number }
  | { kind: 'system'; name: string };

/** The audit and history label of an actor: `client:7`, `admin:3`, `system:waitlist`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'client':
      return `client:${actor.clientId}`;
    case 'admin':
      return `admin:${actor.adminId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

/** An appointment, with the names a bot shows next to it. */
export interface Booking {
  id: number;
  clientId: number;
  serviceId: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  /** Price at the time of booking, minor units. */
  priceMinor: number;
  currency: string;
  comment: string;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: Date;
  /** The last change: a confirmed booking has held its start since then (booked or moved). */
  updatedAt: Date;
  serviceName: string;
  staffName: string;
  clientName: string;
  /** `null` for a client without Telegram (booked by the team). */
  clientTelegramUserId: number | null;
}

/** One change of a booking. */
export interface BookingHistoryEntry {
  id: number;
  bookingId: number;
  action: 'created' | 'cancelled' | 'rescheduled' | 'status_changed';
  actor: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  createdAt: Date;
}

/** "Any specialist": the engine picks the first free one in display order. */
export const ANY_SPECIALIST = 'any';
/** A specialist id, or {@link ANY_SPECIALIST}. */
export type SpecialistChoice = number | typeof ANY_SPECIALIST;

const specialistChoice = z.union([z.number().int().positive(), z.literal(ANY_SPECIALIST)]);

/** Input of `bookAppointment`. */
export const BookInputSchema = z.object({
  clientId: z.number().int().positive(),
  serviceId: z.number().int().positive(),
  staffId: specialistChoice,
  startsAt: z.date(),
  comment: freeTextSchema(1000).default(''),
});
/** See {@link BookInputSchema}. */
export type BookInput = z.input<typeof BookInputSchema>;

/** Input of `bookAsTelegramUser`: a booking for the client of a Telegram user. */
export const TelegramBookInputSchema = BookInputSchema.omit({ clientId: true }).extend({
  telegramUserId: z.number().int().positive(),
});
/** See {@link TelegramBookInputSchema}. */
export type TelegramBookInput = z.input<typeof TelegramBookInputSchema>;

/** Input of `rescheduleBooking`. */
export const RescheduleInputSchema = z.object({
  bookingId: z.number().int().positive(),
  startsAt: z.date(),
  /** Another specialist, `any`, or (omitted) the same one. */
  staffId: specialistChoice.optional(),
});
/** See {@link RescheduleInputSchema}. */
export type RescheduleInput = z.input<typeof RescheduleInputSchema>;

/** Input of the availability queries. */
export const AvailabilityQuerySchema = z
  .object({
    serviceId: z.number().int().positive(),
    staffId: specialistChoice,
    /** First local date, `yyyy-MM-dd`, in the tenant's zone. */
    from: LocalDateSchema,
    /** Last local date (inclusive). At most 62 days after `from`. */
    to: LocalDateSchema,
  })
  .refine((query) => query.from <= query.to, { message: 'from must not be after to', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= 62 * 86_400_000, {
    message: 'at most 62 days at once',
    path: ['to'],
  });
/** See {@link AvailabilityQuerySchema}. */
export type AvailabilityQuery = z.input<typeof AvailabilityQuerySchema>;

/** Waitlist entry lifecycle. */
export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'expired' | 'cancelled';

/** A client waiting for a slot of a service, with a specialist or any, within a date range. */
export interface WaitlistEntry {
  id: number;
  clientId: number;
  serviceId: number;
  /** Null: any specialist. */
  staffId: number | null;
  dateFrom: string;
  dateTo: string;
  status: WaitlistStatus;
  /** The held slot while `offered`. */
  offer: { staffId: number; startsAt: Date; endsAt: Date; expiresAt: Date } | null;
  bookingId: number | null;
  createdAt: Date;
}

/**
 * A freed slot held for one waiting client until `expiresAt`: the event the bot
 * delivers ("a slot at 14:00 is free, book it?"). Accepting calls `acceptOffer`.
 */
export interface WaitlistOffer {
  entryId: number;
  clientId: number;
  /** Always set in practice: only a Telegram user joins a waitlist. */
  clientTelegramUserId: number | null;
  clientLocale: string;
  serviceId: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  expiresAt: Date;
}

/** Input of `joinWaitlist`. */
export const JoinWaitlistInputSchema = z
  .object({
    clientId: z.number().int().positive(),
    serviceId: z.number().int().positive(),
    staffId: z.number().int().positive().nullable().default(null),
    dateFrom: LocalDateSchema,
    dateTo: LocalDateSchema,
  })
  .refine((input) => input.dateFrom <= input.dateTo, {
    message: 'dateFrom must not be after dateTo',
    path: ['dateTo'],
  });
/** See {@link JoinWaitlistInputSchema}. */
export type JoinWaitlistInput = z.input<typeof JoinWaitlistInputSchema>;

/** A client's rating of a completed visit. */
export interface Feedback {
  id: number;
  bookingId: number;
  rating: number;
  comment: string;
  createdAt: Date;
}

/** Input of `leaveFeedback`. */
export const FeedbackInputSchema = z.object({
  bookingId: z.number().int().positive(),
  clientId: z.number().int().positive(),
  rating: z.number().int().min(1).max(5),
  comment: freeTextSchema(2000).default(''),
});
/** See {@link FeedbackInputSchema}. */
export type FeedbackInput = z.input<typeof FeedbackInputSchema>;
