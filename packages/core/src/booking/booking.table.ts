import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Json = ColumnType<Record<string, unknown> | null, string | null, never>;

/** `bookings`. `occupied_*` include the service buffers and carry the exclusion constraint. */
export interface BookingsTable {
  id: Generated<number>;
  client_id: number;
  service_id: number;
  staff_id: number;
  starts_at: Date;
  ends_at: Date;
  occupied_from: Date;
  occupied_until: Date;
  status: 'confirmed' | 'cancelled' | 'completed' | 'no_show';
  price_minor: number;
  currency: string;
  comment: string;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
/** A selected `bookings` row. */
export type BookingRow = Selectable<BookingsTable>;

/** `booking_history`: one row per create, cancel, reschedule and status change. */
export interface BookingHistoryTable {
  id: Generated<number>;
  booking_id: number;
  action: 'created' | 'cancelled' | 'rescheduled' | 'status_changed';
  actor: string;
  old_values: Json;
  new_values: Json;
  created_at: CreatedAt;
}
/** A selected `booking_history` row. */
export type BookingHistoryRow = Selectable<BookingHistoryTable>;

/** `waitlist`: clients waiting for a slot; `offer_*` describe the slot held for them. */
export interface WaitlistTable {
  id: Generated<number>;
  client_id: number;
  service_id: number;
  staff_id: number | null;
  date_from: string;
  date_to: string;
  status: 'waiting' | 'offered' | 'booked' | 'expired' | 'cancelled';
  offer_staff_id: number | null;
  offer_starts_at: Date | null;
  offer_ends_at: Date | null;
  offer_occupied_from: Date | null;
  offer_occupied_until: Date | null;
  offer_expires_at: Date | null;
  booking_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
/** A selected `waitlist` row. */
export type WaitlistRow = Selectable<WaitlistTable>;

/** `slot_releases`: outbox of freed slots for the waitlist pass. */
export interface SlotReleasesTable {
  id: Generated<number>;
  staff_id: number;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_at: CreatedAt;
  processed_at: Date | null;
}
/** A selected `slot_releases` row. */
export type SlotReleaseRow = Selectable<SlotReleasesTable>;

/** `feedback`: one rating per booking. */
export interface FeedbackTable {
  id: Generated<number>;
  booking_id: number;
  rating: number;
  comment: string;
  created_at: CreatedAt;
}
/** A selected `feedback` row. */
export type FeedbackRow = Selectable<FeedbackTable>;
