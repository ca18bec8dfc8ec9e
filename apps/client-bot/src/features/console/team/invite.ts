import {
  ADMIN_INVITE_PREFIX,
  acceptAdminInvite,
  addAdmin,
  createAdminInvite,
  getTeamManager,
  isAppError,
  listSpecialists,
} from '@booking/core';
import { Composer } from 'telegraf';
import type { ClientBotServices, ClientContext } from '../../../context.js';
import { telegramName } from '../../../input.js';
import { button } from '../../../keyboards.js';
import { ack, showScreen } from '../../../screen.js';
import { consoleAction, requireConsoleRole } from '../access.js';
import { consoleHomeRow } from '../menu.js';
import { TEAM_CB } from './callbacks.js';

const CONTACT_STEP = 'contact';

/**
 * Bringing people in: one-time invite links (`/start join_<token>`, 24 h, one use, the
 * role chosen now; a specialist's link names their specialist), and a shared contact.
 * Core decides who may invite (owners) and whether a link still works.
 */
export function inviteFeature(services: ClientBotServices): Composer<ClientContext> {
  const { codec } = services;
  const composer = new Composer<ClientContext>();

  composer.use(
    consoleAction(services, TEAM_CB.inviteStaff, 'owner', async (ctx) => {
      await ack(ctx);
      const specialists = await listSpecialists(ctx.scope.db);
      await showScreen(
        ctx,
        ctx.t(specialists.length > 0 ? 'team.pick_specialist' : 'team.no_specialists'),
        {
          inline_keyboard: [
            ...specialists.map((specialist) => [
              {
                text: specialist.name,
                callback_data: codec.encode(TEAM_CB.invite, 'staff', specialist.id),
              },
            ]),
            [button(ctx, codec, 'common.back', TEAM_CB.list)],
          ],
        },
      );
    }),
  );
  composer.use(
    consoleAction(services, TEAM_CB.invite, 'owner', async (ctx, admin, [role, staffId]) => {
      if (role !== 'admin' && role !== 'staff') {
        await ack(ctx, ctx.t('button.outdated'));
        return;
      }
      const { token } = await createAdminInvite(
        ctx.scope.db,
        {
          role,
          staffId: role === 'staff' ? Number(staffId) : null,
          createdByAdminId: admin.id,
        },
        services.now(),
      );
      await ack(ctx);
      const link = `https://t.me/${ctx.botInfo.username}?start=${ADMIN_INVITE_PREFIX}${token}`;
      await showScreen(ctx, ctx.t('team.invite_link', { role: ctx.t(`team.role.${role}`), link }), {
        inline_keyboard: [[button(ctx, codec, 'common.back', TEAM_CB.list)]],
      });
    }),
  );
  composer.use(
    consoleAction(services, TEAM_CB.contact, 'owner', async (ctx) => {
      await ack(ctx);
      ctx.session.console = { ...ctx.session.console, input: { area: 'tm', step: CONTACT_STEP } };
      await showScreen(ctx, ctx.t('team.ask_contact', { role: ctx.t('team.role.admin') }), {
        inline_keyboard: [[button(ctx, codec, 'common.back', TEAM_CB.list)]],
      });
    }),
  );
  composer.on('contact', async (ctx, next) => {
    const input = ctx.session.console?.input;
    if (input?.area !== 'tm' || input.step !== CONTACT_STEP) {
      return next();
    }
    const admin = await requireConsoleRole(ctx, services, 'owner', {
      action: 'console.tm.contact',
    });
    if (!admin) {
      return;
    }
    const contact = ctx.message.contact;
    if (contact.user_id === undefined) {
      await ctx.reply(ctx.t('team.contact_no_account'));
      return;
    }
    await getTeamManager(ctx.scope.db, admin.id);
    const name = telegramName({ first_name: contact.first_name, last_name: contact.last_name });
    try {
      await addAdmin(
        ctx.scope.db,
        { telegramUserId: contact.user_id, name, role: 'admin' },
        `admin:${admin.id}`,
        services.now(),
      );
    } catch (error) {
      if (!isAppError(error, 'CONFLICT')) {
        throw error;
      }
      await ctx.reply(ctx.t('team.already'));
      return;
    }
    if (ctx.session.console) {
      ctx.session.console.input = undefined;
    }
    await ctx.reply(ctx.t('team.added', { name, role: ctx.t('team.role.admin') }), {
      reply_markup: {
        inline_keyboard: [
          [button(ctx, codec, 'team.section', TEAM_CB.list)],
          consoleHomeRow(ctx, services),
        ],
      },
    });
  });

  // Anyone may open an invite link: the token is the permission.
  composer.start(async (ctx, next) => {
    if (!ctx.payload.startsWith(ADMIN_INVITE_PREFIX) || !ctx.from) {
      return next();
    }
    try {
      const admin = await acceptAdminInvite(
        ctx.scope.db,
        {
          token: ctx.payload.slice(ADMIN_INVITE_PREFIX.length),
          telegramUserId: ctx.from.id,
          name: telegramName(ctx.from),
        },
        services.now(),
      );
      const settings = await services.reads.settings(ctx.scope.tenant.slug, ctx.scope.db);
      await ctx.reply(
        ctx.t('team.join_welcome', {
          business: settings.businessName || ctx.botInfo.first_name,
          role: ctx.t(`team.role.${admin.role}`),
        }),
      );
    } catch (error) {
      if (isAppError(error, 'NOT_FOUND')) {
        await ctx.reply(ctx.t('team.join_invalid'));
        return;
      }
      if (isAppError(error, 'CONFLICT')) {
        await ctx.reply(ctx.t('team.join_already'));
        return;
      }
      throw error;
    }
  });
  return composer;
}
