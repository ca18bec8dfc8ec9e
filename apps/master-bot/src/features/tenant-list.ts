import { listTenantsForOperator, type OperatorTenantFilter, type Tenant } from '@booking/core';
import { Composer } from 'telegraf';
import { ACTION, button, LIST_FILTERS, type ListFilter, onAction } from '../callbacks.js';
import type { MasterContext } from '../context.js';
import { show } from '../screen.js';

const PAGE_SIZE = 8;

function filterOf(filter: ListFilter, search: string | undefined): OperatorTenantFilter {
  switch (filter) {
    case 'all':
      return { search };
    case 'active':
    case 'suspended':
      return { search, statuses: [filter] };
    case 'expiring':
      return { search, statuses: ['active', 'suspended'], expiringSoon: true };
  }
}

function label(tenant: Tenant): string {
  const flags = [
    tenant.status === 'active' ? '' : `[${tenant.status}]`,
    tenant.botStatus === 'token_rejected' ? '⚠' : '',
    tenant.pinned ? '📌' : '',
  ].join('');
  return `${tenant.slug}${tenant.botUsername ? ` @${tenant.botUsername}` : ''} ${flags}`.trim();
}

async function showList(ctx: MasterContext, page: number, filter: ListFilter): Promise<void> {
  const { codec, deps } = ctx.scope;
  const search = ctx.session.search;
  const found = await listTenantsForOperator(deps.db, filterOf(filter, search), {
    page,
    pageSize: PAGE_SIZE,
  });
  const title = [
    ctx.t('list.title', {
      filter: ctx.t(`filter.${filter}`),
      total: found.total,
      page: found.page,
      pages: found.pages,
    }),
    ...(search ? [ctx.t('list.search', { query: search })] : []),
    found.total === 0 ? ctx.t('list.empty') : '',
    ctx.t('list.hint'),
  ].filter(Boolean);
  const nav = [
    ...(found.page > 1
      ? [button(codec, ctx.t('button.prev'), ACTION.list, found.page - 1, filter)]
      : []),
    ...(found.page < found.pages
      ? [button(codec, ctx.t('button.next'), ACTION.list, found.page + 1, filter)]
      : []),
  ];
  await show(ctx, title.join('\n'), [
    ...found.tenants.map((tenant) => [button(codec, label(tenant), ACTION.card, tenant.slug)]),
    LIST_FILTERS.filter((other) => other !== filter).map((other) =>
      button(codec, ctx.t(`filter.${other}`), ACTION.list, 1, other),
    ),
    ...(nav.length > 0 ? [nav] : []),
    [button(codec, ctx.t('button.menu'), ACTION.menu)],
  ]);
}

/** The paged tenant list: `/tenants`, `/find <text>`, filters and paging buttons. */
export const tenantListFeature = new Composer<MasterContext>();
tenantListFeature.command('tenants', async (ctx) => {
  ctx.session.search = undefined;
  await showList(ctx, 1, 'all');
});
tenantListFeature.command('find', async (ctx) => {
  const query = ctx.payload.trim().slice(0, 100);
  ctx.session.search = query === '' ? undefined : query;
  await showList(ctx, 1, 'all');
});
tenantListFeature.use(
  onAction<MasterContext>(ACTION.list, async (ctx, [page, filter]) => {
    const known = LIST_FILTERS.find((value) => value === filter) ?? 'all';
    await showList(ctx, Math.max(Number(page) || 1, 1), known);
  }),
);
