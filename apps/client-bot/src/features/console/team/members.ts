import {
  type Admin,
  type AdminRole,
  changeAdminRole,
  getAdmin,
  getTeamManager,
  isAppError,
  listAdmins,
  removeAdmin,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { TEAM_CB } from './callbacks.js';

/** A member's name as the team list shows it. */
export function memberName(admin: Admin): string {
  return admin.name || String(admin.telegramUserId);
}

function roleWord(ctx: ClientContext, role: AdminRole): string {
  return ctx.t(`team.role.${role}`);
}

/** The team: every member with their role, invites and contacts. */
export async function showTeam(ctx: ClientContext, services: ClientBotServices): Promise<void> {
  const { codec } = services;
  const admins = await listAdmins(ctx.scope.db);
  const members = admins
    .map((admin) =>
      ctx.t('team.member', { name: memberName(admin), role: roleWord(ctx, admin.role) }),
    )
    .join('\n');
  const rows: InlineKeyboardButton[][] = admins.map((admin) => [
    {
      text: `${memberName(admin)} · ${roleWord(ctx, admin.role)}`,
      callback_data: codec.encode(TEAM_CB.card, admin.id),
    },
  ]);
  rows.push([button(ctx, codec, 'team.invite_admin', TEAM_CB.invite, 'admin')]);
  rows.push([button(ctx, codec, 'team.invite_staff', TEAM_CB.inviteStaff)]);
  rows.push([button(ctx, codec, 'team.by_contact', TEAM_CB.contact, 'admin')]);
  rows.push(consoleHomeRow(ctx, services));
  await showScreen(ctx, ctx.t('team.title', { members }), { inline_keyboard: rows });
}

const ROLE_BUTTONS: Array<[AdminRole, 'team.make_owner' | 'team.make_admin' | 'team.make_staff']> =
  [
    ['owner', 'team.make_owner'],
    ['admin', 'team.make_admin'],
    ['staff', 'team.make_staff'],
  ];

async function showMember(ctx: ClientContext, services: ClientBotServices, member: Admin) {
  const { codec } = services;
  const roles = ROLE_BUTTONS.filter(([role]) => role !== member.role).map(([role, key]) =>
    button(ctx, codec, key, TEAM_CB.role, member.id, role),
  );
  await showScreen(
    ctx,
    ctx.t('team.card', {
      name: memberName(member),
      role: roleWord(ctx, member.role),
      id: member.telegramUserId,
    }),
    {
      inline_keyboard: [
        roles,
        [button(ctx, codec, 'team.remove', TEAM_CB.remove, member.id)],
        [button(ctx, codec, 'common.back', TEAM_CB.list)],
      ],
    },
  );
}

/** The team list, members' cards, role changes and removal: owners only (core checks too). */
export function membersFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();
  const memberOf = (args: string[]) => (args[0] ? `admin:${args[0]}` : undefined);

  composer.use(
    consoleAction(services, TEAM_CB.list, 'owner', async (ctx) => {
      await ack(ctx);
      await showTeam(ctx, services);
    }),
  );
  composer.use(
    consoleAction(
      services,
      TEAM_CB.card,
      'owner',
      async (ctx, _admin, [id]) => {
        await ack(ctx);
        await showMember(ctx, services, await getAdmin(ctx.scope.db, Number(id)));
      },
      memberOf,
    ),
  );
  composer.use(
    consoleAction(
      services,
      TEAM_CB.role,
      'owner',
      async (ctx, admin, [id, role]) => {
        if (role !== 'owner' && role !== 'admin' && role !== 'staff') {
          await ack(ctx, ctx.t('button.outdated'));
          return;
        }
        await getTeamManager(ctx.scope.db, admin.id);
        try {
          const changed = await changeAdminRole(
            ctx.scope.db,
            { adminId: Number(id), role },
            `admin:${admin.id}`,
            services.now(),
          );
          await ack(ctx);
          await showScreen(
            ctx,
            ctx.t('team.role_changed', { name: memberName(changed), role: roleWord(ctx, role) }),
            { inline_keyboard: [[button(ctx, codec, 'common.back', TEAM_CB.list)]] },
          );
        } catch (error) {
          if (!isAppError(error, 'LAST_OWNER')) {
            throw error;
          }
          await ack(ctx, ctx.t('team.last_owner'));
        }
      },
      memberOf,
    ),
  );
  composer.use(
    consoleAction(
      services,
      TEAM_CB.remove,
      'owner',
      async (ctx, _admin, [id]) => {
        const member = await getAdmin(ctx.scope.db, Number(id));
        if (member.role === 'owner') {
          await ack(ctx, ctx.t('team.owner_protected'));
          return;
        }
        await ack(ctx);
        await showScreen(ctx, ctx.t('team.remove_confirm', { name: memberName(member) }), {
          inline_keyboard: [
            [
              button(ctx, codec, 'team.remove', TEAM_CB.removeYes, member.id),
              button(ctx, codec, 'common.back', TEAM_CB.card, member.id),
            ],
          ],
        });
      },
      memberOf,
    ),
  );
  composer.use(
    consoleAction(
      services,
      TEAM_CB.removeYes,
      'owner',
      async (ctx, admin, [id]) => {
        await getTeamManager(ctx.scope.db, admin.id);
        const member = await getAdmin(ctx.scope.db, Number(id));
        try {
          await removeAdmin(ctx.scope.db, member.id, `admin:${admin.id}`, services.now());
        } catch (error) {
          if (!isAppError(error, 'FORBIDDEN')) {
            throw error;
          }
          await ack(ctx, ctx.t('team.owner_protected'));
          return;
        }
        await ack(ctx);
        await showScreen(ctx, ctx.t('team.removed', { name: memberName(member) }), {
          inline_keyboard: [[button(ctx, codec, 'common.back', TEAM_CB.list)]],
        });
      },
      memberOf,
    ),
  );
  return composer;
}
