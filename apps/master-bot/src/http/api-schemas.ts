import {
  BOT_TOKEN_PATTERN,
  ManualPaymentSchema,
  type PlatformStats,
  SLUG_PATTERN,
  SUPPORTED_LOCALES,
  type Tenant,
  type TenantCard,
} from '@booking/core';
import { z } from '@hono/zod-openapi';

/*
 * The operator API's request and response shapes. They validate requests and are the
 * source of `/openapi.json`; the rules behind them (what a plan or a token must be) are
 * core's, which checks them again.
 */

export const SlugParamSchema = z.object({
  slug: z
    .string()
    .regex(SLUG_PATTERN, {
      message:
        'must be a tenant slug: a lowercase letter, then 2-40 lowercase letters, digits or _',
    })
    .openapi({ param: { name: 'slug', in: 'path' }, example: 'acme_salon' }),
});

const STATUS = z.enum(['active', 'suspended', 'deleted']);

export const ListTenantsQuerySchema = z.object({
  page: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .default(1)
    .openapi({ example: 1 }),
  pageSize: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(100, { message: 'must be at most 100' })
    .default(20)
    .openapi({ example: 20 }),
  search: z.string().max(100, { message: 'must be at most 100 characters' }).optional().openapi({
    description:
      'Part of the slug, bot username or business name (case-insensitive), or an owner Telegram id',
  }),
  status: z
    .string()
    .refine((value) => value.split(',').every((status) => STATUS.safeParse(status).success), {
      message: 'must be active, suspended or deleted, comma-separated',
    })
    .transform((value) => value.split(',') as Array<z.infer<typeof STATUS>>)
    .optional()
    .openapi({ type: 'string', example: 'active,suspended' }),
  expiringSoon: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .openapi({ type: 'string', description: 'Only tenants whose paid period ends within 7 days' }),
});

export const TenantSchema = z
  .object({
    slug: z.string(),
    status: STATUS,
    plan: z.string(),
    paidUntil: z.string().nullable().openapi({ format: 'date-time' }),
    botUsername: z.string().nullable(),
    botStatus: z.enum(['ok', 'token_rejected']),
    ownerTelegramId: z.number().int().nullable(),
    pinned: z.boolean(),
    timeZone: z.string(),
    locale: z.enum(SUPPORTED_LOCALES),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Tenant');
export type TenantView = z.infer<typeof TenantSchema>;

export const TenantPageSchema = z
  .object({
    tenants: z.array(TenantSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    pages: z.number().int(),
  })
  .openapi('TenantPage');

export const TenantCardSchema = z
  .object({
    tenant: TenantSchema,
    bookingsLast30Days: z.number().int(),
    lastCustomerActivity: z.string().nullable().openapi({ format: 'date-time' }),
    servedBy: z.object({
      kind: z.enum(['pinned', 'fleet', 'none']),
      instances: z.array(z.string()),
    }),
  })
  .openapi('TenantCard');

const botToken = z.string({ message: 'must be a string' }).regex(BOT_TOKEN_PATTERN, {
  message:
    'must look like a BotFather token: digits, a colon, then 30 or more letters, digits, - or _',
});
const botUsername = z
  .string({ message: 'must be a string' })
  .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, { message: 'must be a Telegram bot username without @' });
const ownerTelegramId = z
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .positive({ message: 'must be a positive Telegram user id' });
const timeZone = z
  .string({ message: 'must be a string' })
  .min(1, { message: 'must be an IANA time zone such as Europe/Moscow' });
const locale = z.enum(SUPPORTED_LOCALES, {
  message: `must be one of ${SUPPORTED_LOCALES.join(', ')}`,
});
const plan = z
  .string({ message: 'must be a string' })
  .min(1, { message: 'must not be empty' })
  .max(40, { message: 'must be at most 40 characters' });

export const ProvisionBodySchema = z
  .strictObject({
    slug: SlugParamSchema.shape.slug.openapi({ param: undefined, example: 'acme_salon' }),
    botToken,
    botUsername: botUsername.optional(),
    ownerTelegramId: ownerTelegramId.optional(),
    timeZone: timeZone.optional(),
    locale: locale.optional(),
    plan: plan.optional(),
  })
  .openapi('ProvisionTenant');

export const PatchTenantBodySchema = z
  .strictObject({
    botToken: botToken.optional(),
    botUsername: botUsername.optional(),
    ownerTelegramId: ownerTelegramId.optional(),
    timeZone: timeZone.optional(),
    locale: locale.optional(),
    plan: plan.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .openapi('PatchTenant');

export const ExtendBodySchema = z
  .strictObject({
    amountMinor: ManualPaymentSchema.shape.amountMinor,
    currency: ManualPaymentSchema.shape.currency,
    periodDays: ManualPaymentSchema.shape.periodDays,
    comment: ManualPaymentSchema.shape.comment,
  })
  .openapi('ManualPayment');

export const DeletedSchema = z
  .object({
    tenant: TenantSchema,
    redisKeysDeleted: z.number().int(),
    queuedJobsRemoved: z.number().int(),
  })
  .openapi('DeletedTenant');

export const ProvisionedSchema = z
  .object({ tenant: TenantSchema, created: z.boolean() })
  .openapi('ProvisionedTenant');

export const StatsSchema = z
  .object({
    tenantsByStatus: z.object({ active: z.number(), suspended: z.number(), deleted: z.number() }),
    tenantsPerMonth: z.array(
      z.object({ month: z.string(), created: z.number(), churned: z.number() }),
    ),
    revenuePerMonth: z.array(
      z.object({ month: z.string(), currency: z.string(), amountMinor: z.number() }),
    ),
    bookingsPerDay: z.array(z.object({ day: z.string(), count: z.number() })),
    trialConversion: z.object({
      converted: z.number(),
      trialing: z.number(),
      rate: z.number().nullable(),
    }),
  })
  .openapi('PlatformStats');

export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: 'Each bad field and what it expects (400 only)' }),
    }),
  })
  .openapi('Error');

/** A tenant as the API shows it. */
export function tenantView(tenant: Tenant): TenantView {
  return {
    slug: tenant.slug,
    status: tenant.status,
    plan: tenant.plan,
    paidUntil: tenant.paidUntil?.toISOString() ?? null,
    botUsername: tenant.botUsername,
    botStatus: tenant.botStatus,
    ownerTelegramId: tenant.ownerTelegramId === null ? null : Number(tenant.ownerTelegramId),
    pinned: tenant.pinned,
    timeZone: tenant.timeZone,
    locale: tenant.locale,
    createdAt: tenant.createdAt.toISOString(),
  };
}

/** A tenant card as the API shows it. */
export function tenantCardView(card: TenantCard): z.infer<typeof TenantCardSchema> {
  return {
    tenant: tenantView(card.tenant),
    bookingsLast30Days: card.bookingsLast30Days,
    lastCustomerActivity: card.lastCustomerActivity?.toISOString() ?? null,
    servedBy: {
      kind: card.servedBy.kind,
      instances: card.servedBy.kind === 'fleet' ? card.servedBy.instances : [],
    },
  };
}

/** Platform figures as the API shows them. */
export function statsView(stats: PlatformStats): z.infer<typeof StatsSchema> {
  return stats;
}
