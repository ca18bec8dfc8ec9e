import { Writable } from 'node:stream';
import {
  createTestTenant,
  expectAppError,
  getTestTenantDeps,
  pendingTestJobIds,
  queueTestJob,
  randomBotToken,
  randomId,
  randomSlug,
  TEST_ENCRYPTION_KEY,
} from '@booking/core/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LATEST_TENANT_VERSION, tenantDb } from '../db/index.js';
import { createLogger } from '../observability/index.js';
import { QUEUE_NAMES, tenantKey } from '../redis/index.js';
import { getSettings } from '../settings/index.js';
import {
  deleteTenant,
  getTenant,
  getTenantBotToken,
  listTenants,
  provisionTenant,
  resumeTenant,
  suspendTenant,
  updateTenant,
} from './index.js';

async function schemaExists(schema: string): Promise<boolean> {
  const { db } = await getTestTenantDeps();
  const result = await sql<{ exists: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${schema}) AS exists
  `.execute(db);
  return result.rows[0]?.exists ?? false;
}

describe('provisionTenant', () => {
  it('creates the schema, migrates it and stores the token encrypted', async () => {
    const deps = await getTestTenantDeps();
    const slug = randomSlug();
    const token = randomBotToken();
    const { tenant, created } = await provisionTenant(deps, {
      slug,
      botToken: token,
      botUsername: 'acme_salon_bot',
      ownerTelegramId: 42,
      timeZone: 'Europe/Madrid',
      locale: 'es',
    });
    expect(created).toBe(true);
    expect(tenant).toMatchObject({
      slug,
      schema: `tenant_${slug}`,
      status: 'active',
      timeZone: 'Europe/Madrid',
      locale: 'es',
      schemaVersion: LATEST_TENANT_VERSION,
    });
    expect(await schemaExists(tenant.schema)).toBe(true);
    const stored = await deps.db
      .selectFrom('platform.tenants')
      .select(['bot_token_encrypted', 'bot_token_hash'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(stored.bot_token_encrypted).not.toContain(token.split(':')[1]);
    expect(await getTenantBotToken(deps, slug)).toBe(token);
    // The tenant's own settings speak its zone and language from the start.
    const settings = await getSettings(tenantDb(deps.db, tenant.schema));
    expect(settings).toMatchObject({ timeZone: 'Europe/Madrid', defaultLocale: 'es' });
    await deleteTenant(deps, slug);
  });

  it('is harmless to repeat, even concurrently', async () => {
    const deps = await getTestTenantDeps();
    const slug = randomSlug();
    const botToken = randomBotToken();
    const results = await Promise.all(
      [1, 2, 3].map(() => provisionTenant(deps, { slug, botToken })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.tenant.id)).size).toBe(1);
    const again = await provisionTenant(deps, { slug, botToken });
    expect(again.created).toBe(false);
    expect(again.tenant.schemaVersion).toBe(LATEST_TENANT_VERSION);
    expect(await listTenants(deps.db, { afterId: again.tenant.id - 1, limit: 1 })).toHaveLength(1);
    await deleteTenant(deps, slug);
  });

  it('rejects a slug that is not safe, with a clear error, before touching SQL', async () => {
    const deps = await getTestTenantDeps();
    for (const slug of [
      'a; drop schema platform --',
      'Tenant',
      'ab',
      '1abc',
      'x'.repeat(42),
      'tenant-a',
    ]) {
      const error = await expectAppError(
        provisionTenant(deps, { slug, botToken: randomBotToken() }),
      );
      expect(error.code).toBe('INVALID_SLUG');
      expect(error.message).toMatch(/lowercase letter first/);
    }
    expect(await schemaExists('platform')).toBe(true);
    const lookup = await expectAppError(getTenant(deps.db, 'Tenant'));
    expect(lookup.code).toBe('INVALID_SLUG');
  });

  it('names each invalid field and never echoes the token', async () => {
    const deps = await getTestTenantDeps();
    const badToken = '12345:short-secret-value';
    const error = await expectAppError(
      provisionTenant(deps, {
        slug: randomSlug(),
        botToken: badToken,
        timeZone: 'Mars/Base',
        locale: 'de' as 'en',
      }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('botToken must look like a BotFather token');
    expect(error.message).toContain('timeZone must be an IANA time zone');
    expect(error.message).toContain('locale must be one of ru, en, es');
    expect(error.message).not.toContain(badToken);
    expect(JSON.stringify(error.details)).not.toContain(badToken);
  });

  it('refuses one bot for two tenants and a taken slug for another bot', async () => {
    const deps = await getTestTenantDeps();
    const first = await createTestTenant();
    const token = await getTenantBotToken(deps, first.slug);
    const sameBot = await expectAppError(
      provisionTenant(deps, { slug: randomSlug(), botToken: token }),
    );
    expect(sameBot.code).toBe('CONFLICT');
    expect(sameBot.message).toContain(first.slug);
    expect(sameBot.message).not.toContain(token);
    const sameSlug = await expectAppError(
      provisionTenant(deps, { slug: first.slug, botToken: randomBotToken() }),
    );
    expect(sameSlug.code).toBe('CONFLICT');
    await first.dispose();
  });
});

describe('tenant isolation', () => {
  it("one tenant's executor cannot read another tenant's rows", async () => {
    const a = await createTestTenant();
    const b = await createTestTenant();
    await a.db.insertInto('audit_log').values({ actor: 'owner', action: 'secret-of-a' }).execute();
    await b.db.insertInto('audit_log').values({ actor: 'owner', action: 'secret-of-b' }).execute();
    const seenByA = await a.db.selectFrom('audit_log').select('action').execute();
    const seenByB = await b.db.selectFrom('audit_log').select('action').execute();
    expect(seenByA.map((row) => row.action)).toEqual(['secret-of-a']);
    expect(seenByB.map((row) => row.action)).toEqual(['secret-of-b']);
    // Transactions keep the schema too.
    const inTransaction = await a.db
      .transaction()
      .execute((trx) => trx.selectFrom('audit_log').select('action').execute());
    expect(inTransaction.map((row) => row.action)).toEqual(['secret-of-a']);
    await Promise.all([a.dispose(), b.dispose()]);
  });
});

describe('suspend, resume, delete', () => {
  it('moves between statuses and refuses to revive a deleted tenant', async () => {
    const deps = await getTestTenantDeps();
    const t = await createTestTenant();
    expect((await suspendTenant(deps, t.slug)).status).toBe('suspended');
    expect((await suspendTenant(deps, t.slug)).status).toBe('suspended');
    expect((await resumeTenant(deps, t.slug)).status).toBe('active');
    await t.dispose();
    expect((await getTenant(deps.db, t.slug)).status).toBe('deleted');
    expect((await expectAppError(resumeTenant(deps, t.slug))).code).toBe('TENANT_DELETED');
    expect((await expectAppError(getTenantBotToken(deps, t.slug))).code).toBe('TENANT_DELETED');
    expect((await expectAppError(suspendTenant(deps, randomSlug()))).code).toBe('NOT_FOUND');
    const reuse = await expectAppError(
      provisionTenant(deps, { slug: t.slug, botToken: randomBotToken() }),
    );
    expect(reuse.code).toBe('TENANT_DELETED');
  });

  it("drops the schema and the tenant's Redis keys, and no other tenant's keys", async () => {
    const deps = await getTestTenantDeps();
    const doomed = await createTestTenant();
    const other = await createTestTenant();
    const token = await getTenantBotToken(deps, doomed.slug);
    await deps.redis.set(tenantKey(doomed.slug, 'session', 1), 'x');
    await deps.redis.set(tenantKey(doomed.slug, 'lease'), 'x');
    await deps.redis.set(tenantKey(other.slug, 'session', 1), 'y');

    const result = await deleteTenant(deps, doomed.slug);

    expect(result.redisKeysDeleted).toBe(2);
    expect(await schemaExists(doomed.schema)).toBe(false);
    expect(await deps.redis.exists(tenantKey(doomed.slug, 'session', 1))).toBe(0);
    expect(await deps.redis.get(tenantKey(other.slug, 'session', 1))).toBe('y');
    expect(await schemaExists(other.schema)).toBe(true);
    await expect(
      tenantDb(deps.db, doomed.schema).selectFrom('audit_log').selectAll().execute(),
    ).rejects.toThrow(/does not exist/);
    // The token is forgotten, so the same bot may serve a new tenant.
    const reborn = await provisionTenant(deps, { slug: randomSlug(), botToken: token });
    expect(reborn.created).toBe(true);
    await deleteTenant(deps, reborn.tenant.slug);
    await other.dispose();
  });
});

describe('deleteTenant with the queue namespace', () => {
  it("removes the tenant's pending jobs from the shared queues, and no other tenant's", async () => {
    const deps = await getTestTenantDeps();
    const namespace = `test_${randomId(8)}`;
    const doomed = await createTestTenant();
    const other = await createTestTenant();
    const day = 86_400_000;
    const visit = (slug: string, name: string, jobId: string) =>
      queueTestJob(namespace, QUEUE_NAMES.reminders, {
        name,
        data: { tenant: slug, bookingId: 1, startsAt: new Date().toISOString() },
        options: { jobId, delay: day },
      });
    await visit(doomed.slug, 'reminder', `reminder-${doomed.slug}-1-60`);
    await visit(doomed.slug, 'feedback', `feedback-${doomed.slug}-1`);
    const kept = await visit(other.slug, 'reminder', `reminder-${other.slug}-1-60`);
    await queueTestJob(namespace, QUEUE_NAMES.notifications, {
      name: 'admin-event',
      data: { tenant: doomed.slug, kind: 'booked', bookingId: 1, by: 'client' },
    });

    const result = await deleteTenant(deps, doomed.slug, { queueNamespace: namespace });

    expect(result.queuedJobsRemoved).toBe(3);
    expect(await pendingTestJobIds(namespace, QUEUE_NAMES.reminders)).toEqual([kept]);
    expect(await pendingTestJobIds(namespace, QUEUE_NAMES.notifications)).toEqual([]);
    await other.dispose();
  });
});

describe('updateTenant', () => {
  it('changes the stored facts, and the zone and language in the tenant settings too', async () => {
    const deps = await getTestTenantDeps();
    const t = await createTestTenant();
    const updated = await updateTenant(deps.db, t.slug, {
      timeZone: 'Asia/Tokyo',
      locale: 'en',
      ownerTelegramId: 77,
      botUsername: 'renamed_bot',
      plan: 'pro',
    });
    expect(updated).toMatchObject({
      timeZone: 'Asia/Tokyo',
      locale: 'en',
      ownerTelegramId: 77,
      botUsername: 'renamed_bot',
      plan: 'pro',
    });
    expect(await getSettings(t.db)).toMatchObject({ timeZone: 'Asia/Tokyo', defaultLocale: 'en' });
    // Fields left out stay as they are.
    expect(await updateTenant(deps.db, t.slug, { plan: 'trial' })).toMatchObject({
      timeZone: 'Asia/Tokyo',
      ownerTelegramId: 77,
      plan: 'trial',
    });
    const invalid = await expectAppError(updateTenant(deps.db, t.slug, { timeZone: 'Mars/Base' }));
    expect(invalid.code).toBe('VALIDATION');
    expect(invalid.details.issues).toEqual([
      { field: 'timeZone', message: 'must be an IANA time zone such as Europe/Moscow' },
    ]);
    await t.dispose();
    expect((await expectAppError(updateTenant(deps.db, t.slug, { plan: 'x' }))).code).toBe(
      'TENANT_DELETED',
    );
    expect((await expectAppError(updateTenant(deps.db, randomSlug(), { plan: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('secrets', () => {
  it('a bot token reaches neither logs nor error messages', async () => {
    const deps = await getTestTenantDeps();
    const lines: string[] = [];
    const logger = createLogger({
      app: 'test',
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(chunk.toString());
          callback();
        },
      }),
    });
    const t = await createTestTenant();
    const token = await getTenantBotToken(deps, t.slug);
    const errors = await Promise.all([
      expectAppError(provisionTenant(deps, { slug: randomSlug(), botToken: token })),
      expectAppError(provisionTenant(deps, { slug: 'Bad Slug', botToken: token })),
      expectAppError(
        provisionTenant(deps, { slug: randomSlug(), botToken: token, timeZone: 'Nowhere/City' }),
      ),
    ]);
    for (const error of errors) {
      expect(error.message).not.toContain(token);
      expect(String(error.stack)).not.toContain(token);
      logger.error({ err: error, tenant: t.slug }, 'provisioning failed');
    }
    logger.info({ tenant: t.slug, botToken: token }, 'loaded');
    logger.info(`fetch https://api.telegram.org/bot${token}/getMe`);
    logger.flush();
    const output = lines.join('');
    expect(output).toContain('provisioning failed');
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split(':')[1]);
    // A wrong key cannot decrypt, and says so without the value.
    const wrongKey = Buffer.alloc(32, 9);
    expect(TEST_ENCRYPTION_KEY.equals(wrongKey)).toBe(false);
    await expect(getTenantBotToken({ ...deps, encryptionKey: wrongKey }, t.slug)).rejects.toThrow(
      /cannot be decrypted/,
    );
    await t.dispose();
  });
});
