import { Composer } from 'telegraf';
import type { ConsoleSection } from '../sections.js';
import { inviteFeature } from './invite.js';
import { membersFeature, showTeam } from './members.js';

/** The team: members and roles, invite links, contacts. Owners only. */
export const teamSection: ConsoleSection = {
  id: 'tm',
  label: 'team.section',
  minRole: 'owner',
  open: (ctx, _admin, services) => showTeam(ctx, services),
  feature: (services) => Composer.compose([membersFeature(services), inviteFeature(services)]),
};
