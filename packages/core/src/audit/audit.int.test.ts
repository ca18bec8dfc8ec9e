import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import { listAuditLog, pageAuditLog, recordAudit } from './index.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
  for (let i = 1; i <= 25; i++) {
    await recordAudit(
      tenant.db,
      { actor: 'admin:1', action: 'test.step', target: `step:${i}`, details: { i } },
      new Date(Date.UTC(2026, 0, 1, 0, i)),
    );
  }
});

afterAll(async () => {
  await tenant.dispose();
});

describe('pageAuditLog', () => {
  it('pages from the newest entry back, without gaps or repeats', async () => {
    const first = await pageAuditLog(tenant.db, { limit: 10 });
    expect(first.entries.map((entry) => entry.target)).toEqual(
      Array.from({ length: 10 }, (_, i) => `step:${25 - i}`),
    );
    const second = await pageAuditLog(tenant.db, { beforeId: first.olderThanId, limit: 10 });
    expect(second.entries[0]?.target).toBe('step:15');
    const third = await pageAuditLog(tenant.db, { beforeId: second.olderThanId, limit: 10 });
    expect(third.entries.map((entry) => entry.target)).toEqual(
      Array.from({ length: 5 }, (_, i) => `step:${5 - i}`),
    );
    expect(third.olderThanId).toBeUndefined();
  });

  it('is not shifted by entries written meanwhile', async () => {
    const first = await pageAuditLog(tenant.db, { limit: 10 });
    await recordAudit(
      tenant.db,
      { actor: 'admin:1', action: 'test.late', target: null, details: {} },
      new Date(),
    );
    const second = await pageAuditLog(tenant.db, { beforeId: first.olderThanId, limit: 10 });
    expect(second.entries[0]?.target).toBe('step:15');
    expect((await pageAuditLog(tenant.db, { limit: 1 })).entries[0]?.action).toBe('test.late');
  });
});

describe('the audit log in time order', () => {
  it('puts an entry with a smaller id but a later time first (ids follow the Citus node)', async () => {
    const other = await createTestTenant();
    try {
      // A row numbered from a lower range, as after a move of the schema to a node of a
      // lower group, is still the newest when it is the latest.
      await recordAudit(
        other.db,
        { actor: 'admin:1', action: 'test.old', target: null, details: {} },
        new Date(Date.UTC(2026, 0, 1)),
      );
      await sql`
        INSERT INTO ${sql.table(`${other.schema}.audit_log`)} (id, actor, action, created_at)
        VALUES (0, 'admin:1', 'test.new', ${new Date(Date.UTC(2026, 0, 2))})
      `.execute(other.rootDb);
      const [newest] = (await pageAuditLog(other.db, { limit: 1 })).entries;
      expect(newest?.action).toBe('test.new');
      const next = await pageAuditLog(other.db, { beforeId: 0, limit: 5 });
      expect(next.entries.map((entry) => entry.action)).toEqual(['test.old']);
      expect((await listAuditLog(other.db)).map((entry) => entry.action)).toEqual([
        'test.new',
        'test.old',
      ]);
    } finally {
      await other.dispose();
    }
  });
});
