import { createRoute, type z } from '@hono/zod-openapi';
import {
  DeletedSchema,
  ErrorSchema,
  ExtendBodySchema,
  HealthSchema,
  ListTenantsQuerySchema,
  PatchTenantBodySchema,
  ProvisionBodySchema,
  ProvisionedSchema,
  SlugParamSchema,
  StatsSchema,
  TenantCardSchema,
  TenantPageSchema,
  TenantSchema,
} from './api-schemas.js';

/** The operator API's routes: the one list both the server and `/openapi.json` come from. */

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const errors = {
  400: json(ErrorSchema, 'Invalid input: each bad field and its reason'),
  401: json(ErrorSchema, 'Missing or wrong API key'),
  429: json(ErrorSchema, 'Too many requests with this key'),
};
const tenantErrors = {
  ...errors,
  404: json(ErrorSchema, 'No tenant with this slug'),
  409: json(ErrorSchema, 'The tenant is deleted, or the bot serves another tenant'),
};
const security = [{ bearer: [] }];
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'The API answers (no key needed)',
  responses: { 200: json(HealthSchema, 'Up') },
});

export const listTenantsRoute = createRoute({
  method: 'get',
  path: '/tenants',
  summary: 'A page of tenants, searched and filtered',
  security,
  request: { query: ListTenantsQuerySchema },
  responses: { 200: json(TenantPageSchema, 'A page of tenants'), ...errors },
});

export const provisionTenantRoute = createRoute({
  method: 'post',
  path: '/tenants',
  summary: 'Provision a tenant with its bot token (repeating it is harmless)',
  security,
  request: body(ProvisionBodySchema),
  responses: {
    200: json(ProvisionedSchema, 'The tenant existed already'),
    201: json(ProvisionedSchema, 'Created'),
    ...tenantErrors,
  },
});

export const getTenantRoute = createRoute({
  method: 'get',
  path: '/tenants/{slug}',
  summary: "A tenant's card",
  security,
  request: { params: SlugParamSchema },
  responses: { 200: json(TenantCardSchema, 'The tenant card'), ...tenantErrors },
});

export const patchTenantRoute = createRoute({
  method: 'patch',
  path: '/tenants/{slug}',
  summary: "Change a tenant's plan, profile or bot token",
  security,
  request: { params: SlugParamSchema, ...body(PatchTenantBodySchema) },
  responses: { 200: json(TenantSchema, 'The changed tenant'), ...tenantErrors },
});

export const deleteTenantRoute = createRoute({
  method: 'delete',
  path: '/tenants/{slug}',
  summary: 'Delete a tenant for good: its schema, Redis keys and queued jobs',
  security,
  request: { params: SlugParamSchema },
  responses: { 200: json(DeletedSchema, 'Deleted'), ...tenantErrors },
});

/** `POST /tenants/{slug}/<action>` without a body. */
function tenantActionRoute<A extends 'suspend' | 'resume' | 'pin' | 'unpin'>(
  action: A,
  summary: string,
) {
  return createRoute({
    method: 'post',
    path: `/tenants/{slug}/${action}`,
    summary,
    security,
    request: { params: SlugParamSchema },
    responses: { 200: json(TenantSchema, 'The tenant after the change'), ...tenantErrors },
  });
}

export const suspendTenantRoute = tenantActionRoute('suspend', 'Stop the tenant taking bookings');
export const resumeTenantRoute = tenantActionRoute('resume', 'Let the tenant take bookings again');
export const pinTenantRoute = tenantActionRoute(
  'pin',
  'Serve the tenant in a container of its own',
);
export const unpinTenantRoute = tenantActionRoute('unpin', 'Give the tenant back to the fleets');

export const extendTenantRoute = createRoute({
  method: 'post',
  path: '/tenants/{slug}/extend',
  summary: 'Record a manual payment and extend the paid period',
  security,
  request: { params: SlugParamSchema, ...body(ExtendBodySchema) },
  responses: { 200: json(TenantSchema, 'The tenant with its new paid_until'), ...tenantErrors },
});

export const statsRoute = createRoute({
  method: 'get',
  path: '/stats',
  summary: 'Platform figures',
  security,
  responses: { 200: json(StatsSchema, 'The figures'), ...errors },
});
