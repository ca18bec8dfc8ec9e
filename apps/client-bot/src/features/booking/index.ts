/**
 * The customer's booking wizard: service, specialist (or any), day, time, confirmation,
 * and the booking it ends in. Its state is one `Wizard` in the session (state.ts); each
 * step's screen is in `steps/`, and `renderWizard` (render.ts) shows the first step
 * whose choice is missing. The handlers of its buttons and answers are one Composer a
 * file.
 */
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { chooseFeature } from './choose.js';
import { confirmFeature } from './confirm.js';
import { contactFeature } from './contact.js';
import { goBackFeature } from './go-back.js';
import { joinWaitlistFeature } from './join-waitlist.js';

export { type StartWizardOptions, startWizard } from './start.js';

/** The customer's booking wizard and the booking it ends in. */
export function bookingFeature(services: ClientBotServices): Composer<ClientContext> {
  return new Composer<ClientContext>(
    chooseFeature(services),
    goBackFeature(services),
    confirmFeature(services),
    joinWaitlistFeature(services),
    contactFeature(services),
  );
}
