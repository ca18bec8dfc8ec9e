import { Composer } from 'telegraf';
import { ACTION, button, onAction } from '../callbacks.js';
import type { MasterContext } from '../context.js';
import { show } from '../screen.js';

async function showMenu(ctx: MasterContext): Promise<void> {
  ctx.session.pending = undefined;
  ctx.session.search = undefined;
  const { codec } = ctx.scope;
  await show(ctx, ctx.t('menu.title'), [
    [button(codec, ctx.t('menu.tenants'), ACTION.list, 1, 'all')],
    [button(codec, ctx.t('menu.expiring'), ACTION.list, 1, 'expiring')],
    [button(codec, ctx.t('menu.stats'), ACTION.stats)],
    [button(codec, ctx.t('menu.broadcast'), ACTION.broadcast)],
  ]);
}

/** `/start`, `/menu` and the Menu button: the console's main screen; `/cancel` drops a pending input. */
export const menuFeature = new Composer<MasterContext>();
menuFeature.command(['start', 'menu'], showMenu);
menuFeature.use(onAction(ACTION.menu, showMenu));
menuFeature.command('cancel', async (ctx) => {
  ctx.session.pending = undefined;
  ctx.session.broadcast = undefined;
  await ctx.reply(ctx.t('input.cancelled'));
});
