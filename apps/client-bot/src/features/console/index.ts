/**
 * The owner's console inside the tenant's bot: owners, admins and staff (core's
 * `admins`) manage the business here; customers never see it.
 *
 * How an area plugs in (agenda, walk-in, time off, catalogue, team, broadcast...):
 *
 * 1. Folder: `features/console/<area>/`, with an `index.ts` that exports the area's
 *    `ConsoleSection`(s) (sections.ts): `id`, `label`, `minRole`, `open()` and
 *    optionally `feature(services)`, a Composer with the area's buttons and typed answers.
 *    A wizard is a folder of steps with one shared state type.
 * 2. Menu: add the section to `CONSOLE_SECTIONS` in sections.ts, in your area's slot.
 *    The menu shows it to roles at or above `minRole`; the shell checks the role again
 *    when it is opened.
 * 3. Buttons: callback data goes through `services.codec` (signed, 64 bytes at most);
 *    name actions `<prefix>.<verb>` (see callbacks.ts) and handle each with
 *    `consoleAction(services, action, minRole, handler)` (access.ts): it runs the
 *    handler only after `requireConsoleRole` passed. Where a handler acts on one
 *    specialist's schedule (a booking, their hours), call `requireOwnSchedule` too:
 *    staff act on their own only. A refusal answers the user, changes nothing and
 *    writes an `access.refused` audit row (core's `recordRefusedAccess`); never skip it
 *    because "the menu hides the button": a button can be replayed or forged.
 * 4. Typed answers: set `ctx.session.console.input = { area: '<prefix>', step }` when you
 *    ask, and read them with `consoleText(services, '<prefix>', minRole, handler)`.
 * 5. State: your wizard's state is one optional field of `ConsoleSession`
 *    (session.ts), in your area's slot; never put console state at the session's top.
 * 6. Texts: `texts/console/<area>.ts` exports `{ en, ru, es }` (see shell.ts); add one
 *    spread per language to texts/console/index.ts, in your area's slot.
 * 7. Rules live in core (`packages/core/src/<domain>`): a handler calls a core service,
 *    passes the actor as `admin:<id>` for the audit, and turns AppErrors into words via
 *    the bot's error boundary. No SQL here.
 * 8. Back to the console: end screens with `consoleHomeRow(ctx, services)` (menu.ts).
 */
import type { Admin } from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import { ack } from '../../screen.js';
import { consoleAction, consoleAdmin, requireConsoleRole } from './access.js';
import { CONSOLE_CB } from './callbacks.js';
import { showConsoleMenu } from './menu.js';
import { CONSOLE_SECTIONS, type ConsoleSection } from './sections.js';
import { needsSetup, runSetup, setupFeature } from './setup/index.js';
import { consoleState } from './state.js';

export {
  consoleAction,
  consoleAdmin,
  ownScheduleOf,
  requireConsoleRole,
  requireOwnSchedule,
  roleAllows,
} from './access.js';
export { CONSOLE_CB } from './callbacks.js';
export { consoleText } from './input.js';
export { consoleHomeRow, showConsoleMenu } from './menu.js';
export { CONSOLE_SECTIONS, type ConsoleSection, visibleSections } from './sections.js';
export type { ConsoleInput, ConsoleSession } from './session.js';
export { consoleState } from './state.js';

/**
 * Opens the console for an admin: its menu, or for an owner whose bot has no service yet
 * the first-run setup (resumed where they left it).
 */
export async function openConsole(
  ctx: ClientContext,
  services: ClientBotServices,
  admin: Admin,
): Promise<void> {
  consoleState(ctx).input = undefined;
  if (await needsSetup(ctx, admin)) {
    await runSetup(ctx, services);
    return;
  }
  await showConsoleMenu(ctx, services, admin);
}

/**
 * `/admin`, the menu's "Manage" button, the console menu and every registered section.
 * Mount before the customer features, so a console wizard's typed answer is read here.
 */
export function consoleFeature(
  services: ClientBotServices,
  sections: readonly ConsoleSection[] = CONSOLE_SECTIONS,
): Composer<ClientContext> {
  const composer = new Composer<ClientContext>();

  // For a customer `/admin` stays an unknown command: they never learn the console exists.
  composer.command('admin', async (ctx, next) => {
    const admin = await consoleAdmin(ctx);
    if (!admin) {
      return next();
    }
    await openConsole(ctx, services, admin);
  });
  composer.use(
    consoleAction(services, CONSOLE_CB.home, 'staff', async (ctx, admin) => {
      await ack(ctx);
      await openConsole(ctx, services, admin);
    }),
  );
  composer.use(
    consoleAction(
      services,
      CONSOLE_CB.section,
      'staff',
      async (ctx, _admin, [id]) => {
        const section = sections.find((entry) => entry.id === id);
        if (!section) {
          await ack(ctx, ctx.t('button.outdated'));
          return;
        }
        const allowed = await requireConsoleRole(ctx, services, section.minRole, {
          action: `console.section.${section.id}`,
        });
        if (allowed) {
          await ack(ctx);
          consoleState(ctx).input = undefined;
          await section.open(ctx, allowed, services);
        }
      },
      ([id]) => (id ? `section:${id}` : undefined),
    ),
  );
  composer.use(setupFeature(services));
  for (const section of sections) {
    if (section.feature) {
      composer.use(section.feature(services));
    }
  }
  return composer;
}
