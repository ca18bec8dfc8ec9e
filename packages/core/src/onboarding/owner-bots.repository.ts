import type { Database } from '../db/index.js';

/** The slugs of the tenants with these ids (deleted ones included). */
export async function listTenantSlugsByIds(
  db: Database,
  ids: readonly number[],
): Promise<Array<{ id: number; slug: string }>> {
  if (ids.length === 0) {
    return [];
  }
  return db.selectFrom('platform.tenants').select(['id', 'slug']).where('id', 'in', ids).execute();
}
