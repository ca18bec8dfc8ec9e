import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/** `services`: what the business sells. Prices are in minor units (kopecks, cents). */
export interface ServicesTable {
  id: Generated<number>;
  name: string;
  description: string;
  duration_minutes: number;
  price_minor: number;
  currency: string;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  active: boolean;
  sort_order: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
/** A selected `services` row. */
export type ServiceRow = Selectable<ServicesTable>;

/** `staff`: the specialists who perform services. */
export interface StaffTable {
  id: Generated<number>;
  name: string;
  bio: string;
  active: boolean;
  telegram_user_id: number | null;
  sort_order: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
/** A selected `staff` row. */
export type StaffRow = Selectable<StaffTable>;

/** `staff_services`: who performs what, with optional per-specialist duration and price. */
export interface StaffServicesTable {
  staff_id: number;
  service_id: number;
  duration_minutes: number | null;
  price_minor: number | null;
}
/** A selected `staff_services` row. */
export type StaffServiceRow = Selectable<StaffServicesTable>;

/** `working_hours`: one wall-clock interval (`HH:mm`) of a specialist on an ISO weekday. */
export interface WorkingHoursTable {
  id: Generated<number>;
  staff_id: number;
  weekday: number;
  start_time: string;
  end_time: string;
}
/** A selected `working_hours` row. */
export type WorkingHoursRow = Selectable<WorkingHoursTable>;

/** `date_overrides`: the hours of one date (empty intervals: day off); null staff is business-wide. */
export interface DateOverridesTable {
  id: Generated<number>;
  staff_id: number | null;
  date: string;
  intervals: ColumnType<{ start: string; end: string }[], string, string>;
  note: string;
}
/** A selected `date_overrides` row. */
export type DateOverrideRow = Selectable<DateOverridesTable>;

/** `blocked_periods`: a specialist (or, with null staff, everyone) is unavailable. */
export interface BlockedPeriodsTable {
  id: Generated<number>;
  staff_id: number | null;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_at: CreatedAt;
}
/** A selected `blocked_periods` row. */
export type BlockedPeriodRow = Selectable<BlockedPeriodsTable>;
