import type { Database } from '../db/index.js';
import { listLiveTenantSchemas } from './operations.repository.js';

/** Schemas read from `platform.tenants` per round trip. */
const PAGE_SIZE = 500;

/**
 * Runs `task` once per live tenant's schema, in pages by tenant id, at most `concurrency`
 * at once, and collects what each returned: one query per tenant schema, because no
 * query may span two (their schemas may sit on different Citus nodes). A tenant deleted
 * since its page was read has no schema any more: its task's error is dropped and it
 * returns nothing.
 */
export async function mapLiveTenantSchemas<T>(
  db: Database,
  task: (tenant: { id: number; schemaName: string }) => Promise<T>,
  concurrency = 1,
): Promise<T[]> {
  const results: T[] = [];
  for (let afterId = 0; ; ) {
    const page = await listLiveTenantSchemas(db, afterId, PAGE_SIZE);
    let next = 0;
    const lane = async () => {
      while (next < page.length) {
        const { id, schema_name } = page[next++] as (typeof page)[number];
        try {
          results.push(await task({ id, schemaName: schema_name }));
        } catch (error) {
          if (!isGoneSchema(error)) {
            throw error;
          }
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(concurrency, page.length)) }, lane),
    );
    const last = page.at(-1);
    if (page.length < PAGE_SIZE || last === undefined) {
      return results;
    }
    afterId = last.id;
  }
}

/** Postgres's answer for a schema or table dropped meanwhile (a deleted tenant's). */
function isGoneSchema(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '3F000' || code === '42P01';
}
