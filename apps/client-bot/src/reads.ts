import {
  type Database,
  getServiceSchedule,
  getSettings,
  getTenant,
  isAppError,
  listServices,
  type Service,
  type ServiceSchedule,
  type Settings,
  type Tenant,
  type TenantExecutor,
  tenantDb,
} from '@booking/core';

const TTL_MS = 3_000;

/**
 * Short-lived copies of what every screen reads (settings, the service list, a service's
 * specialists), per tenant, and of the tenant rows the queue workers look up for every
 * job. Screens show them; bookings never trust them: the engine re-reads and
 * re-validates everything when a booking is made. An owner's change shows up within
 * three seconds.
 */
export class TenantReads {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  /** @param ttlMs how long a copy is served; tests lengthen it to hold a stale row. */
  constructor(private readonly ttlMs = TTL_MS) {}

  /** The tenant's row (its schema and status). */
  tenant(slug: string, db: Database): Promise<Tenant> {
    return this.cached(`${slug}|tenant`, () => getTenant(db, slug));
  }

  /**
   * The schema executor of a tenant that takes bookings, or `undefined` when it is
   * suspended or gone: a queue worker's job of such a tenant ends quietly. Through the
   * cache, so a suspension reaches the workers within three seconds, as it reaches the
   * screens.
   */
  async activeTenantDb(slug: string, db: Database): Promise<TenantExecutor | undefined> {
    const tenant = await this.tenant(slug, db).catch((error: unknown) => {
      if (isAppError(error, 'NOT_FOUND')) {
        return undefined;
      }
      throw error;
    });
    return tenant?.status === 'active' ? tenantDb(db, tenant.schema) : undefined;
  }

  settings(slug: string, db: TenantExecutor): Promise<Settings> {
    return this.cached(`${slug}|settings`, () => getSettings(db));
  }

  services(slug: string, db: TenantExecutor): Promise<Service[]> {
    return this.cached(`${slug}|services`, () => listServices(db));
  }

  schedule(slug: string, db: TenantExecutor, serviceId: number): Promise<ServiceSchedule> {
    return this.cached(`${slug}|schedule|${serviceId}`, () => getServiceSchedule(db, serviceId));
  }

  /**
   * Drops every copy of a tenant's reads: after a console change (the first service,
   * new hours) this process shows it at once instead of within three seconds.
   */
  forget(slug: string): void {
    for (const key of this.entries.keys()) {
      if (key.startsWith(`${slug}|`)) {
        this.entries.delete(key);
      }
    }
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) {
      return hit.value as Promise<T>;
    }
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed read must not be served from the cache.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
