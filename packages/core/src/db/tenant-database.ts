import type { ColumnType, Generated } from 'kysely';
import type { AdminInvitesTable, AdminsTable } from '../admins/admins.table.js';
import type {
  BookingHistoryTable,
  BookingsTable,
  FeedbackTable,
  SlotReleasesTable,
  WaitlistTable,
} from '../booking/booking.table.js';
import type { BroadcastRecipientsTable, BroadcastsTable } from '../broadcasts/broadcasts.table.js';
import type {
  BlockedPeriodsTable,
  DateOverridesTable,
  ServicesTable,
  StaffServicesTable,
  StaffTable,
  WorkingHoursTable,
} from '../catalogue/catalogue.table.js';
import type { ClientsTable } from '../clients/clients.table.js';
import type { DeliveriesTable } from '../deliveries/deliveries.table.js';
import type { SettingsTable, TextTemplatesTable } from '../settings/settings.table.js';

/** `audit_log` of a tenant: who did what to which object. */
export interface AuditLogTable {
  id: Generated<number>;
  actor: string;
  action: string;
  target: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/**
 * Tables of one tenant schema. Queries reach them through a `TenantExecutor`, which
 * qualifies every table with the tenant's schema.
 */
export interface TenantDatabase {
  audit_log: AuditLogTable;
  admins: AdminsTable;
  admin_invites: AdminInvitesTable;
  blocked_periods: BlockedPeriodsTable;
  booking_history: BookingHistoryTable;
  broadcast_recipients: BroadcastRecipientsTable;
  broadcasts: BroadcastsTable;
  bookings: BookingsTable;
  clients: ClientsTable;
  date_overrides: DateOverridesTable;
  deliveries: DeliveriesTable;
  feedback: FeedbackTable;
  services: ServicesTable;
  settings: SettingsTable;
  slot_releases: SlotReleasesTable;
  staff: StaffTable;
  staff_services: StaffServicesTable;
  text_templates: TextTemplatesTable;
  waitlist: WaitlistTable;
  working_hours: WorkingHoursTable;
}
