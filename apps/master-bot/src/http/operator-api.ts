import {
  AppError,
  apiActor,
  deleteTenantBy,
  extendTenantBy,
  getPlatformStats,
  getTenantCard,
  type Logger,
  listTenantsForOperator,
  type OperatorDeps,
  pinTenantBy,
  provisionTenantBy,
  replaceTenantTokenBy,
  resumeTenantBy,
  suspendTenantBy,
  type Tenant,
  unpinTenantBy,
  updateTenantBy,
} from '@booking/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { apiStatusOf, appErrorBody, validationBody } from './api-errors.js';
import type { ApiKeyring } from './api-keys.js';
import {
  deleteTenantRoute,
  extendTenantRoute,
  getTenantRoute,
  healthRoute,
  listTenantsRoute,
  patchTenantRoute,
  pinTenantRoute,
  provisionTenantRoute,
  resumeTenantRoute,
  statsRoute,
  suspendTenantRoute,
  unpinTenantRoute,
} from './api-routes.js';
import { statsView, tenantCardView, tenantView } from './api-schemas.js';

/** What the operator API needs. */
export interface OperatorApiDeps extends OperatorDeps {
  keys: ApiKeyring;
  logger: Logger;
  /** Requests one key may make per minute, counted in Redis across replicas. */
  rateLimitPerMinute: number;
  /** Redis prefix of the rate-limit counters, hash-tagged (`p:{master}:`). */
  keyPrefix: string;
}

type Env = { Variables: { keyName: string } };

const PUBLIC_PATHS = new Set(['/health', '/openapi.json']);
const TARGET_NAMES: Record<string, string> = { json: 'body', param: 'path', query: 'query' };

/**
 * The operator REST API: every change goes through core's operator operations with the
 * key's name as the actor. Its routes and `/openapi.json` come from one list
 * (`api-routes.ts`); mount it on the process's server with `mountHonoApp`.
 */
export function createOperatorApi(deps: OperatorApiDeps): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(
          validationBody(TARGET_NAMES[result.target] ?? result.target, result.error.issues),
          400,
        );
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) {
      return next();
    }
    const keyName = deps.keys.nameOf(c.req.header('authorization'));
    if (keyName === undefined) {
      // One answer for a missing, malformed or wrong key: no hint which.
      return c.json(
        { error: { code: 'UNAUTHORIZED', message: 'A valid API key is required' } },
        401,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    const retryAfter = await overLimit(deps, keyName);
    if (retryAfter !== undefined) {
      return c.json(
        { error: { code: 'RATE_LIMITED', message: 'Too many requests with this key' } },
        429,
        { 'retry-after': String(retryAfter) },
      );
    }
    c.set('keyName', keyName);
    return next();
  });

  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json(appErrorBody(error), apiStatusOf(error.code));
    }
    if (error instanceof HTTPException && error.status === 400) {
      // Hono's own refusal of a body that is not JSON.
      return c.json({ error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' } }, 400);
    }
    deps.logger.error({ err: error, route: c.req.routePath }, 'operator api request failed');
    return c.json({ error: { code: 'INTERNAL', message: 'Internal error' } }, 500);
  });

  const actor = (c: { get(key: 'keyName'): string }) => apiActor(c.get('keyName'));
  const view = (tenant: Tenant) => tenantView(tenant);

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(listTenantsRoute, async (c) => {
    const query = c.req.valid('query');
    const page = await listTenantsForOperator(
      deps.db,
      { search: query.search, statuses: query.status, expiringSoon: query.expiringSoon },
      { page: query.page, pageSize: query.pageSize },
    );
    return c.json({ ...page, tenants: page.tenants.map(view) }, 200);
  });

  app.openapi(provisionTenantRoute, async (c) => {
    const result = await provisionTenantBy(deps, actor(c), c.req.valid('json'));
    return c.json(
      { tenant: view(result.tenant), created: result.created },
      result.created ? 201 : 200,
    );
  });

  app.openapi(getTenantRoute, async (c) => {
    const card = await getTenantCard(deps, c.req.valid('param').slug);
    return c.json(tenantCardView(card), 200);
  });

  app.openapi(patchTenantRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { botToken, ...profile } = c.req.valid('json');
    let tenant: Tenant | undefined;
    if (botToken !== undefined) {
      tenant = await replaceTenantTokenBy(deps, actor(c), slug, botToken);
    }
    if (Object.keys(profile).length > 0) {
      tenant = await updateTenantBy(deps, actor(c), slug, profile);
    }
    return c.json(view(tenant as Tenant), 200);
  });

  app.openapi(deleteTenantRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const result = await deleteTenantBy(deps, actor(c), slug, slug);
    return c.json(
      {
        tenant: view(result.tenant),
        redisKeysDeleted: result.redisKeysDeleted,
        queuedJobsRemoved: result.queuedJobsRemoved,
      },
      200,
    );
  });

  for (const [route, operation] of [
    [suspendTenantRoute, suspendTenantBy],
    [resumeTenantRoute, resumeTenantBy],
    [pinTenantRoute, pinTenantBy],
    [unpinTenantRoute, unpinTenantBy],
  ] as const) {
    app.openapi(route, async (c) => {
      const tenant = await operation(deps, actor(c), c.req.valid('param').slug);
      return c.json(view(tenant), 200);
    });
  }

  app.openapi(extendTenantRoute, async (c) => {
    const tenant = await extendTenantBy(
      deps,
      actor(c),
      c.req.valid('param').slug,
      c.req.valid('json'),
    );
    return c.json(view(tenant), 200);
  });

  app.openapi(statsRoute, async (c) => c.json(statsView(await getPlatformStats(deps.db)), 200));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An operator API key from OPERATOR_API_KEYS',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Booking platform operator API',
      version: '1.0.0',
      description:
        'Tenants, their subscriptions and platform figures. Every change is audited with the key name.',
    },
    servers: [{ url: OPERATOR_API_PREFIX }],
  });
  return app;
}

/** Where the operator API is mounted on the process's server. */
export const OPERATOR_API_PREFIX = '/api/v1';

/**
 * Counts a request of `keyName` in this minute's window; returns the seconds until the
 * next window when the key is over its limit, else `undefined`.
 */
async function overLimit(deps: OperatorApiDeps, keyName: string): Promise<number | undefined> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const window = Math.floor(nowSeconds / 60);
  const key = `${deps.keyPrefix}api-rate:${keyName}:${window}`;
  const [[, count]] = (await deps.redis.multi().incr(key).expire(key, 120).exec()) as [
    [Error | null, number],
    [Error | null, number],
  ];
  return count > deps.rateLimitPerMinute ? 60 - (nowSeconds % 60) : undefined;
}
