import type { ConsoleSection } from '../sections.js';
import { agendaFeature } from './actions.js';
import { showAgenda, todayView } from './list.js';

/** The day agenda: bookings by day and specialist, each with its card and actions. */
export const agendaSection: ConsoleSection = {
  id: 'agenda',
  label: 'agenda.section',
  minRole: 'staff',
  open: async (ctx, admin, services) =>
    showAgenda(ctx, services, admin, await todayView(ctx, services)),
  feature: agendaFeature,
};
