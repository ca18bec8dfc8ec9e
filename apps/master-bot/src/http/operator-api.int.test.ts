import {
  createLogger,
  getTenant,
  HttpRouter,
  type HttpServer,
  listOperatorAudit,
  startHttpServer,
  type TenantDeps,
  tenantDb,
  updateSettings,
} from '@booking/core';
import { getTestTenantDeps, randomBotToken, randomId, randomSlug } from '@booking/core/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyring } from './api-keys.js';
import { mountHonoApp } from './hono-bridge.js';
import { createOperatorApi, OPERATOR_API_PREFIX } from './operator-api.js';

const KEY = `k${randomId(40)}`;
const KEY_NAME = `ci-${randomId(6)}`;
const logger = createLogger({ app: 'master-bot-test', level: 'silent' });

async function startApi(deps: TenantDeps, rateLimitPerMinute: number) {
  const router = new HttpRouter();
  const app = createOperatorApi({
    ...deps,
    keys: new ApiKeyring([{ name: KEY_NAME, key: KEY }]),
    logger,
    rateLimitPerMinute,
    keyPrefix: `p:{master-test-${randomId(6)}}:`,
  });
  mountHonoApp(router, app, OPERATOR_API_PREFIX);
  const server = await startHttpServer({ port: 0, host: '127.0.0.1', router, logger });
  return { app, server, base: `http://127.0.0.1:${server.port}${OPERATOR_API_PREFIX}` };
}

describe('operator REST API', () => {
  let deps: TenantDeps;
  let server: HttpServer;
  let base: string;
  let app: Awaited<ReturnType<typeof startApi>>['app'];
  const marker = `api${randomId(6)}`;
  const slugs = [randomSlug(), randomSlug(), randomSlug()];

  const call = async (method: string, path: string, body?: unknown, key: string | null = KEY) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      // biome-ignore lint/suspicious/noExplicitAny: a test reads JSON answers of many shapes
      body: (await response.json()) as any,
    };
  };

  beforeAll(async () => {
    deps = await getTestTenantDeps();
    ({ server, base, app } = await startApi(deps, 10_000));
  });
  afterAll(async () => {
    for (const slug of slugs) {
      await call('DELETE', `/tenants/${slug}`).catch(() => undefined);
    }
    await server.close();
  });

  it('answers 401 with one body for a missing, malformed, wrong or almost-right key', async () => {
    const attempts = [
      null,
      '',
      KEY.slice(0, -1),
      `${KEY.slice(0, -1)}${KEY.endsWith('a') ? 'b' : 'a'}`,
      `${KEY}x`,
      KEY.toUpperCase(),
    ];
    const answers = await Promise.all(
      attempts.map((key) => call('GET', '/tenants', undefined, key)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: { code: 'UNAUTHORIZED', message: 'A valid API key is required' },
      });
    }
    const basic = await fetch(`${base}/stats`, { headers: { authorization: `Basic ${KEY}` } });
    expect(basic.status).toBe(401);
    expect((await call('GET', '/health', undefined, null)).body).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document that validates and lists exactly the routes it answers', async () => {
    const { status, body: document } = await call('GET', '/openapi.json', undefined, null);
    expect(status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    const documented = Object.entries(document.paths as Record<string, object>).flatMap(
      ([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = [
      ...new Set(
        app.routes.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ].filter((route) => route !== 'GET /openapi.json' && !route.startsWith('ALL '));
    expect(documented.sort()).toEqual(served.sort());
    expect(documented).toHaveLength(12);

    // Every documented route reaches the API through the process's server: without a
    // key, each answers 401 (health 200), not the server's 404.
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      const answer = await fetch(`${base}${path.replace('{slug}', 'some_tenant')}`, { method });
      expect(answer.status, route).toBe(path === '/health' ? 200 : 401);
    }
    const unknown = await fetch(`${base}/tenants/some_tenant/explode`, { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('provisions, lists with search and pages, shows, changes and deletes tenants, auditing each change with the key name', async () => {
    for (const [index, slug] of slugs.entries()) {
      const created = await call('POST', '/tenants', {
        slug,
        botToken: randomBotToken(),
        botUsername: `${marker}_${index}_bot`,
        ownerTelegramId: 800_000_000 + index,
        locale: 'en',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.tenant).toMatchObject({
        slug,
        status: 'active',
        plan: 'trial',
        locale: 'en',
      });
      expect(JSON.stringify(created.body)).not.toMatch(/botToken|token_encrypted/);
    }
    const [first, second, third] = slugs as [string, string, string];

    const page1 = await call('GET', `/tenants?search=${marker}&pageSize=2`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3, pages: 2 });
    expect(page1.body.tenants.map((t: { slug: string }) => t.slug)).toEqual([first, second]);
    const page2 = await call('GET', `/tenants?search=${marker}&pageSize=2&page=2`);
    expect(page2.body.tenants.map((t: { slug: string }) => t.slug)).toEqual([third]);
    // The business name is the owner's, kept in the tenant's settings.
    await updateSettings(tenantDb(deps.db, (await getTenant(deps.db, second)).schema), {
      businessName: `Studio ${marker} Lumière`,
    });
    const byName = await call(
      'GET',
      `/tenants?search=${encodeURIComponent(`${marker.toUpperCase()} lumi`)}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ total: 1, pages: 1 });
    expect(byName.body.tenants.map((t: { slug: string }) => t.slug)).toEqual([second]);

    const card = await call('GET', `/tenants/${first}`);
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      tenant: { slug: first, botStatus: 'ok', pinned: false },
      bookingsLast30Days: 0,
      lastCustomerActivity: null,
    });

    const patched = await call('PATCH', `/tenants/${first}`, {
      plan: 'premium',
      timeZone: 'Europe/Berlin',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ plan: 'premium', timeZone: 'Europe/Berlin' });
    const newToken = await call('PATCH', `/tenants/${first}`, { botToken: randomBotToken() });
    expect(newToken.status).toBe(200);

    expect((await call('POST', `/tenants/${first}/suspend`)).body.status).toBe('suspended');
    const suspended = await call('GET', `/tenants?search=${marker}&status=suspended`);
    expect(suspended.body.tenants.map((t: { slug: string }) => t.slug)).toEqual([first]);
    expect((await call('POST', `/tenants/${first}/resume`)).body.status).toBe('active');
    expect((await call('POST', `/tenants/${first}/pin`)).body.pinned).toBe(true);
    expect((await call('GET', `/tenants/${first}`)).body.servedBy.kind).toBe('pinned');
    expect((await call('POST', `/tenants/${first}/unpin`)).body.pinned).toBe(false);

    const extended = await call('POST', `/tenants/${first}/extend`, {
      amountMinor: 99_000,
      periodDays: 5,
      comment: 'invoice 17',
    });
    expect(extended.status).toBe(200);
    const expiring = await call('GET', `/tenants?search=${marker}&expiringSoon=true`);
    expect(expiring.body.tenants.map((t: { slug: string }) => t.slug)).toEqual([first]);

    const stats = await call('GET', '/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.bookingsPerDay).toHaveLength(14);
    expect(stats.body.tenantsByStatus.active).toBeGreaterThanOrEqual(3);

    const deleted = await call('DELETE', `/tenants/${third}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.tenant.status).toBe('deleted');
    expect((await call('POST', `/tenants/${third}/suspend`)).status).toBe(409);

    const actions = (await listOperatorAudit(deps.db, { target: first })).map((e) => e.action);
    expect(actions).toEqual([
      'tenant.extended',
      'tenant.unpinned',
      'tenant.pinned',
      'tenant.resumed',
      'tenant.suspended',
      'tenant.token_replaced',
      'tenant.plan_changed',
      'tenant.updated',
      'tenant.provisioned',
    ]);
    const actors = new Set(
      (await listOperatorAudit(deps.db, { target: first })).map((e) => e.actor),
    );
    expect([...actors]).toEqual([`api:${KEY_NAME}`]);
    expect((await listOperatorAudit(deps.db, { target: third }))[0]).toMatchObject({
      action: 'tenant.deleted',
      actor: `api:${KEY_NAME}`,
    });
  });

  it('answers 404 for an unknown tenant on every tenant route', async () => {
    const unknown = randomSlug();
    for (const [method, path, body] of [
      ['GET', ''],
      ['PATCH', '', { plan: 'premium' }],
      ['DELETE', ''],
      ['POST', '/suspend'],
      ['POST', '/resume'],
      ['POST', '/pin'],
      ['POST', '/unpin'],
      ['POST', '/extend', { amountMinor: 1, periodDays: 1 }],
    ] as const) {
      const answer = await call(method, `/tenants/${unknown}${path}`, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers 400 naming each bad field and its reason', async () => {
    const fieldsOf = (body: { error: { fields: Array<{ field: string; message: string }> } }) =>
      Object.fromEntries(body.error.fields.map(({ field, message }) => [field, message]));

    const provision = await call('POST', '/tenants', {
      slug: 'Bad Slug',
      botToken: 'nope',
      botUsername: '@bot',
      ownerTelegramId: -5,
      locale: 'de',
      plan: '',
      colour: 'red',
    });
    expect(provision.status).toBe(400);
    expect(provision.body.error.code).toBe('VALIDATION');
    const provisionFields = fieldsOf(provision.body);
    expect(Object.keys(provisionFields).sort()).toEqual(
      [
        'body',
        'body.botToken',
        'body.botUsername',
        'body.locale',
        'body.ownerTelegramId',
        'body.plan',
        'body.slug',
      ].sort(),
    );
    expect(provisionFields['body.botToken']).toMatch(/BotFather token/);
    expect(provisionFields['body.locale']).toMatch(/one of ru, en, es/);
    expect(provisionFields.body).toMatch(/colour/);
    expect(JSON.stringify(provision.body)).not.toContain('nope');

    const zone = await call('POST', '/tenants', {
      slug: randomSlug(),
      botToken: randomBotToken(),
      timeZone: 'Mars/Base',
    });
    expect(zone.status).toBe(400);
    expect(fieldsOf(zone.body)).toEqual({
      timeZone: 'must be an IANA time zone such as Europe/Moscow',
    });

    const extend = await call('POST', `/tenants/${slugs[0]}/extend`, {
      amountMinor: 1.5,
      periodDays: 0,
      currency: 'rub',
      comment: 'x'.repeat(501),
    });
    expect(extend.status).toBe(400);
    expect(fieldsOf(extend.body)).toEqual({
      'body.amountMinor': 'must be a whole number of minor units (kopecks, cents)',
      'body.periodDays': 'must be at least 1',
      'body.currency': 'must be a three-letter ISO 4217 code such as RUB',
      'body.comment': 'must be at most 500 characters',
    });

    const list = await call('GET', '/tenants?page=0&pageSize=1000&status=gone&expiringSoon=maybe');
    expect(list.status).toBe(400);
    expect(Object.keys(fieldsOf(list.body)).sort()).toEqual([
      'query.expiringSoon',
      'query.page',
      'query.pageSize',
      'query.status',
    ]);

    const slug = await call('POST', '/tenants/NOT-A-SLUG/suspend');
    expect(slug.status).toBe(400);
    expect(Object.keys(fieldsOf(slug.body))).toEqual(['path.slug']);

    const empty = await call('PATCH', `/tenants/${slugs[0]}`, {});
    expect(empty.status).toBe(400);

    const notJson = await fetch(`${base}/tenants/${slugs[0]}/extend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });

  it('limits each key to its requests per minute, with Retry-After', async () => {
    const limited = await startApi(deps, 3);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(`${limited.base}/stats`, {
          headers: { authorization: `Bearer ${KEY}` },
        });
        statuses.push(answer.status);
        if (answer.status === 429) {
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      // A window may turn over mid-run: at most one extra request gets through.
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    } finally {
      await limited.server.close();
    }
  });
});
