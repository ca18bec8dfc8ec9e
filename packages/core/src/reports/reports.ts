import { z } from 'zod';
import { LocalDateSchema } from '../validation/index.js';

/** A period of local dates (inclusive) in the tenant's zone, at most 366 days. */
export const ReportPeriodSchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema })
  .refine((period) => period.from <= period.to, {
    message: 'from must not be after to',
    path: ['to'],
  })
  .refine((period) => Date.parse(period.to) - Date.parse(period.from) <= 366 * 86_400_000, {
    message: 'at most 366 days',
    path: ['to'],
  });
/** See {@link ReportPeriodSchema}. */
export type ReportPeriod = z.input<typeof ReportPeriodSchema>;

/** Statistics of the bookings that start within a period. */
export interface BookingStatistics {
  from: string;
  to: string;
  /** Every booking starting in the period, whatever its status. */
  total: number;
  /** Bookings per local date, every date of the period listed (zero included). */
  perDay: Array<{ date: string; bookings: number }>;
  confirmed: number;
  completed: number;
  cancellations: number;
  noShows: number;
  /**
   * No-shows among the visits that were due (completed and no-show), from 0 to 1, or
   * null when none was due.
   */
  noShowRate: number | null;
  /** Sum of the price snapshots of completed visits, minor units, per currency. */
  revenueMinor: Record<string, number>;
  /** Sum of confirmed (not yet completed) bookings: what is still expected, per currency. */
  expectedRevenueMinor: Record<string, number>;
  /** Services by bookings (not cancelled), at most 5. */
  topServices: Array<{ serviceId: number; name: string; bookings: number; revenueMinor: number }>;
  /** Specialists by bookings (not cancelled), at most 5. */
  topSpecialists: Array<{ staffId: number; name: string; bookings: number; revenueMinor: number }>;
  /** Clients with a booking in the period (not cancelled). */
  clients: number;
  /**
   * The share of them (0 to 1) who had a completed visit before their first booking of
   * the period, or null when the period has no client.
   */
  returningShare: number | null;
  /** Mean rating of the period's rated visits, or null when none. */
  averageRating: number | null;
  ratings: number;
}
