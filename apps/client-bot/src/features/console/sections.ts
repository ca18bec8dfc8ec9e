import type { Admin, AdminRole } from '@booking/core';
import type { Middleware } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../context.js';
import type { TextKey } from '../../texts/index.js';
import { roleAllows } from './access.js';
import { agendaSection } from './agenda/index.js';
import { walkInSection } from './walk-in/index.js';

/** One entry of the console menu, and the handlers behind it. */
export interface ConsoleSection {
  /** Short and unique: it travels in the menu button's callback data. */
  id: string;
  /** The menu button's label. */
  label: TextKey;
  /** The lowest role that sees the section and may open it (staff < admin < owner). */
  minRole: AdminRole;
  /** Shows the section's first screen; the shell checked {@link minRole} before. */
  open(ctx: ClientContext, admin: Admin, services: ClientBotServices): Promise<void>;
  /**
   * The section's own handlers (its buttons, its typed answers), mounted once with the
   * console. Each of them checks the role again: see `consoleAction`.
   */
  feature?(services: ClientBotServices): Middleware<ClientContext>;
}

/**
 * Every console section, in menu order. An area adds its sections in its own slot
 * below (one line per section), so areas never edit the same lines.
 */
export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  // console-core: agenda, walk-in
  agendaSection,
  walkInSection,
  // console-manage: time off, catalogue, settings, texts, team
  // console-reach: broadcast, export, stats, audit
];

/** The sections `role` may use, in menu order. */
export function visibleSections(
  role: AdminRole,
  sections: readonly ConsoleSection[] = CONSOLE_SECTIONS,
): ConsoleSection[] {
  return sections.filter((section) => roleAllows(role, section.minRole));
}
