import { z } from 'zod';
import { DayIntervalsSchema, type TimeInterval, type WeeklyHours } from '../settings/index.js';
import { LocalDateSchema } from '../validation/index.js';

/** Something the business sells. Prices are in minor units (kopecks, cents). */
export interface Service {
  id: number;
  name: string;
  description: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  active: boolean;
  sortOrder: number;
}

/** A person who performs services. */
export interface Specialist {
  id: number;
  name: string;
  bio: string;
  active: boolean;
  telegramUserId: number | null;
  sortOrder: number;
}

/**
 * A service as one specialist performs it: the specialist's own duration and price
 * when set, the service's otherwise.
 */
export interface SpecialistService {
  staffId: number;
  serviceId: number;
  durationMinutes: number;
  priceMinor: number;
  /** True when the specialist has their own duration or price. */
  customized: boolean;
}

/** Special hours of one date (empty: day off); `staffId` null applies to the whole business. */
export interface DateOverride {
  id: number;
  staffId: number | null;
  date: string;
  intervals: TimeInterval[];
  note: string;
}

/** A period in which a specialist (or, with `staffId` null, everyone) takes no bookings. */
export interface BlockedPeriod {
  id: number;
  staffId: number | null;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/** Everything availability needs about the specialists who perform one service. */
export interface ServiceSchedule {
  service: Service;
  /** Active specialists performing the service, in display order, with their terms. */
  specialists: Array<{
    specialist: Specialist;
    terms: SpecialistService;
    weeklyHours: WeeklyHours;
  }>;
}

const money = z.number().int().min(0).max(1_000_000_000);
const buffer = z.number().int().min(0).max(240);

/** Input of `createService`. */
export const ServiceInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  durationMinutes: z.number().int().min(5).max(720),
  priceMinor: money,
  /** ISO 4217; defaults to the tenant's currency setting. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  bufferBeforeMinutes: buffer.default(0),
  bufferAfterMinutes: buffer.default(0),
  active: z.boolean().default(true),
  sortOrder: z.number().int().default(0),
});
/** See {@link ServiceInputSchema}. */
export type ServiceInput = z.input<typeof ServiceInputSchema>;

/** Input of `updateService`: any subset of the fields. */
export const ServicePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000),
    durationMinutes: z.number().int().min(5).max(720),
    priceMinor: money,
    currency: z.string().regex(/^[A-Z]{3}$/),
    bufferBeforeMinutes: buffer,
    bufferAfterMinutes: buffer,
    active: z.boolean(),
    sortOrder: z.number().int(),
  })
  .partial()
  .strict();
/** See {@link ServicePatchSchema}. */
export type ServicePatch = z.input<typeof ServicePatchSchema>;

/** Input of `createSpecialist`. */
export const SpecialistInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  bio: z.string().trim().max(2000).default(''),
  active: z.boolean().default(true),
  telegramUserId: z.number().int().positive().nullable().default(null),
  sortOrder: z.number().int().default(0),
});
/** See {@link SpecialistInputSchema}. */
export type SpecialistInput = z.input<typeof SpecialistInputSchema>;

/** Input of `updateSpecialist`. */
export const SpecialistPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    bio: z.string().trim().max(2000),
    active: z.boolean(),
    telegramUserId: z.number().int().positive().nullable(),
    sortOrder: z.number().int(),
  })
  .partial()
  .strict();
/** See {@link SpecialistPatchSchema}. */
export type SpecialistPatch = z.input<typeof SpecialistPatchSchema>;

/** Input of `assignService`. */
export const AssignServiceInputSchema = z.object({
  staffId: z.number().int().positive(),
  serviceId: z.number().int().positive(),
  durationMinutes: z.number().int().min(5).max(720).nullable().default(null),
  priceMinor: money.nullable().default(null),
});
/** See {@link AssignServiceInputSchema}. */
export type AssignServiceInput = z.input<typeof AssignServiceInputSchema>;

/** Input of `setDateOverride`. */
export const DateOverrideInputSchema = z.object({
  staffId: z.number().int().positive().nullable(),
  date: LocalDateSchema,
  intervals: DayIntervalsSchema,
  note: z.string().trim().max(500).default(''),
});
/** See {@link DateOverrideInputSchema}. */
export type DateOverrideInput = z.input<typeof DateOverrideInputSchema>;

/** Input of `createBlockedPeriod`. */
export const BlockedPeriodInputSchema = z
  .object({
    staffId: z.number().int().positive().nullable(),
    startsAt: z.date(),
    endsAt: z.date(),
    reason: z.string().trim().max(500).default(''),
  })
  .refine((period) => period.startsAt < period.endsAt, {
    message: 'startsAt must be before endsAt',
    path: ['endsAt'],
  });
/** See {@link BlockedPeriodInputSchema}. */
export type BlockedPeriodInput = z.input<typeof BlockedPeriodInputSchema>;
