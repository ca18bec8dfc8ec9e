import { Composer } from 'telegraf';
import type { ConsoleSection } from '../sections.js';
import { confirmFeature } from './confirm.js';
import { typedFeature } from './typed.js';
import { showTimeOff, whoFeature } from './who.js';

/**
 * Time off: block a period or whole days for a specialist or the business (bookings
 * inside listed first, then cancelled with a notice to each client, or kept), special
 * hours on a date, and removing a block. Staff manage their own time only.
 */
export const timeOffSection: ConsoleSection = {
  id: 'to',
  label: 'timeoff.section',
  minRole: 'staff',
  open: (ctx, admin, services) => showTimeOff(ctx, services, admin),
  feature: (services) =>
    Composer.compose([whoFeature(services), typedFeature(services), confirmFeature(services)]),
};
