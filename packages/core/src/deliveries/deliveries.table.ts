import type { ColumnType, Selectable } from 'kysely';

/** `deliveries`: the claim of one message that must reach a person exactly once. */
export interface DeliveriesTable {
  key: string;
  status: 'claimed' | 'sent' | 'released' | 'refused';
  /** How many times the key was claimed (a released claim is claimed again). */
  attempts: ColumnType<number, number | undefined, number>;
  claimed_at: Date;
  /** When it was sent, released or refused; null while claimed. */
  finished_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
/** A selected `deliveries` row. */
export type DeliveryRow = Selectable<DeliveriesTable>;
