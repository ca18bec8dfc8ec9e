import { registerTelegramWebhooks } from '@booking/bot-kit';
import {
  FLEET_HEARTBEAT_EVERY_MS,
  type FleetHeartbeat,
  type FleetTenant,
  listFleetTenants,
  markTenantTokenRejected,
  parseTenantChange,
  removeFleetHeartbeat,
  TENANT_CHANGES_CHANNEL,
  type Tenant,
  writeFleetHeartbeat,
} from '@booking/core';
import type { Redis } from 'ioredis';
import { type ClientBotShared, type RunClientBotOptions, startClientBotShared } from './app.js';
import type { ClientJobs } from './jobs/queues.js';
import { type ServedTenant, serveTenant, TokenRejectedError } from './serve.js';

/** Options of {@link runClientFleet}. */
export interface RunClientFleetOptions
  extends Omit<RunClientBotOptions, 'slug' | 'statusRefreshMs'> {
  /**
   * How often `platform.tenants` is re-read besides the change notices, the safety net
   * for a notice lost while Redis was away. Default 30 s.
   */
  rereadEveryMs?: number;
  /** Tenants started at once (at start-up, or after a re-read found many). Default 32. */
  startConcurrency?: number;
  /** How often this replica writes its heartbeat. Default `FLEET_HEARTBEAT_EVERY_MS`. */
  heartbeatEveryMs?: number;
}

/** What a fleet knows of its tenants, for `/ready`, metrics and the heartbeat. */
export interface FleetStatus {
  /** Tenants served by this process (in polling mode: competing for their lease). */
  served: string[];
  /** Served tenants this process polls right now (holds the lease); webhook mode: all. */
  polling: string[];
  /** Tenants not served because Telegram refused their bot token. */
  tokenRejected: string[];
  /** Tenants whose start failed, with the reason; retried at the next re-read. */
  failing: Record<string, string>;
}

/** A running fleet. */
export interface RunningClientFleet {
  jobs: ClientJobs;
  intake: 'webhook' | 'polling';
  /** Reads `platform.tenants` again and applies it now; resolves once applied. */
  sync(): Promise<void>;
  status(): FleetStatus;
  /**
   * Resolves, with the fleet's status as `details`, while the fleet keeps its tenants up
   * to date; rejects when re-reading `platform.tenants` has failed for three intervals.
   * A tenant whose token was refused does not make the fleet unready: it is a detail.
   */
  ready(): Promise<{ details: Omit<FleetStatus, 'polling'> & { servedCount: number } }>;
  /** Stops taking notices, every tenant's intake, then the workers and queues. */
  stop(): Promise<void>;
}

/** One tenant the fleet serves. */
interface Entry {
  token: string;
  served: ServedTenant;
}

/**
 * Serves every active or suspended tenant that is not pinned (`pnpm tenant pin`) from
 * one process, on the process's shared resources: one Redis connection for commands,
 * one for BullMQ, one subscriber for tenant change notices, one Postgres pool, one HTTP
 * server, one Telegram client pool and one set of queue workers, whatever the number of
 * tenants. A tenant provisioned, suspended, resumed, deleted, pinned, unpinned or given
 * a new token is picked up within a second of core's notice, or at the next periodic
 * re-read. In polling mode each tenant's token is polled under its lease, so several
 * fleet replicas share the tenants; webhook mode routes every tenant on the one server.
 * A tenant whose token Telegram refuses is marked in `platform.tenants` and dropped
 * until a new token arrives; the other tenants are untouched.
 *
 * @throws Error in webhook mode without `http`.
 */
export async function runClientFleet(options: RunClientFleetOptions): Promise<RunningClientFleet> {
  if (options.publicUrl && !options.http) {
    throw new Error('webhook mode needs the process HTTP server (options.http)');
  }
  const shared = startClientBotShared(options);
  const fleet = new ClientFleet(options, shared);
  await fleet.start().catch(async (error: unknown) => {
    await fleet.stop();
    await shared.close();
    throw error;
  });
  let stopping: Promise<void> | undefined;
  return {
    jobs: shared.jobs,
    intake: options.publicUrl ? 'webhook' : 'polling',
    sync: () => fleet.sync(),
    status: () => fleet.status(),
    ready: () => fleet.ready(),
    stop() {
      stopping ??= (async () => {
        await fleet.stop();
        await shared.close();
      })();
      return stopping;
    },
  };
}

class ClientFleet {
  private readonly entries = new Map<string, Entry>();
  private readonly starting = new Set<string>();
  private tokenRejected: string[] = [];
  private readonly failing = new Map<string, string>();
  private readonly subscriber: Redis;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log;
  private readonly startedAt = new Date().toISOString();
  private removeWebhook: (() => void) | undefined;
  private stopWatchingRedis: (() => void) | undefined;
  private stopped = false;
  /** The re-read in progress, and whether another was asked for meanwhile. */
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private lastSyncAt = 0;
  /** Tenants whose jobs wait to be re-created from Postgres, worked one at a time. */
  private readonly toReconcile = new Set<string>();
  private reconciling: Promise<void> | undefined;

  constructor(
    private readonly options: RunClientFleetOptions,
    private readonly shared: ClientBotShared,
  ) {
    this.log = options.logger.child({ fleet: options.instanceId });
    // A connection in subscriber mode takes no other command: one more per process.
    this.subscriber = options.redis.duplicate({ connectionName: `${options.instanceId}:notices` });
  }

  async start(): Promise<void> {
    const { options } = this;
    if (options.publicUrl && options.http) {
      this.removeWebhook = registerTelegramWebhooks(options.http, {
        logger: options.logger,
        route: (slug) => this.entries.get(slug)?.served.route,
      });
    }
    this.subscriber.on('message', (_channel: string, message: string) => {
      if (parseTenantChange(message)) {
        this.requestSync();
      }
    });
    this.subscriber.on('error', () => undefined);
    // Start-up does not wait for Redis: the tenants are served from Postgres (their
    // pollers take their leases once Redis answers), and until the subscription is made
    // the periodic re-read stands in for the notices.
    this.subscriber.on('ready', () => this.subscribeToChanges());
    if (this.subscriber.status === 'ready') {
      this.subscribeToChanges();
    }
    await this.sync();
    const rereadEveryMs = options.rereadEveryMs ?? 30_000;
    this.timers.push(setInterval(() => this.requestSync(), rereadEveryMs));
    const reconcileEveryMs = options.reconcileEveryMs ?? 5 * 60_000;
    this.timers.push(setInterval(() => this.reconcileAll(), reconcileEveryMs));
    // A Redis that restarted may have lost every job: re-create them as soon as it is back.
    this.stopWatchingRedis = this.shared.jobs.onReconnect(() => this.reconcileAll());
    this.timers.push(
      setInterval(() => this.beat(), options.heartbeatEveryMs ?? FLEET_HEARTBEAT_EVERY_MS),
    );
    this.beat();
  }

  /**
   * Subscribes to core's tenant change notices, then reads the table again: a notice
   * sent before the subscription (at start, or while Redis was away) is lost. Called
   * on each 'ready' of the connection, never before it: a subscription issued before
   * the connection's ready check (an INFO) makes Redis refuse that check and leaves the
   * connection unready. Subscribing again after a reconnect is harmless.
   */
  private subscribeToChanges(): void {
    this.subscriber.subscribe(TENANT_CHANGES_CHANNEL).then(
      () => this.requestSync(),
      (error: unknown) => {
        if (!this.stopped) {
          this.log.warn({ err: error }, 'could not subscribe to tenant changes; re-reads only');
        }
      },
    );
  }

  /** Asks for a re-read without waiting for it. */
  private requestSync(): void {
    this.sync().catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not re-read the tenants');
    });
  }

  /**
   * Re-reads the tenants and applies the difference. Calls while one runs are folded
   * into one more run after it, so a burst of notices costs two reads, not a hundred.
   */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          if (this.stopped) {
            return;
          }
          await this.apply(await listFleetTenants(this.options));
          this.lastSyncAt = Date.now();
        } while (this.syncAgain);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  private async apply(found: FleetTenant[]): Promise<void> {
    const wanted = new Map<string, { tenant: Tenant; token: string }>();
    const rejected: string[] = [];
    for (const { tenant, token } of found) {
      if (tenant.botStatus === 'token_rejected') {
        rejected.push(tenant.slug);
      } else if (token === null) {
        this.failing.set(tenant.slug, 'the bot token cannot be decrypted with this key');
      } else {
        wanted.set(tenant.slug, { tenant, token });
      }
    }
    this.tokenRejected = rejected;
    for (const slug of this.failing.keys()) {
      if (!found.some(({ tenant }) => tenant.slug === slug)) {
        this.failing.delete(slug);
      }
    }
    // Gone (deleted, pinned, refused) or given a new token: stop serving it as it was.
    const leaving = [...this.entries].filter(
      ([slug, entry]) => wanted.get(slug)?.token !== entry.token,
    );
    await Promise.all(leaving.map(([slug]) => this.stopTenant(slug)));
    const arriving: Array<{ tenant: Tenant; token: string }> = [];
    for (const [slug, known] of wanted) {
      const entry = this.entries.get(slug);
      if (entry) {
        entry.served.refresh(known.tenant);
      } else if (!this.starting.has(slug)) {
        arriving.push(known);
      }
    }
    await this.startTenants(arriving);
  }

  /** Starts tenants a few at a time, so that a thousand do not open a thousand calls at once. */
  private async startTenants(arriving: Array<{ tenant: Tenant; token: string }>): Promise<void> {
    const queue = [...arriving];
    const concurrency = this.options.startConcurrency ?? 32;
    const worker = async () => {
      for (let next = queue.shift(); next && !this.stopped; next = queue.shift()) {
        await this.startTenant(next);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  }

  private async startTenant(known: { tenant: Tenant; token: string }): Promise<void> {
    const { options } = this;
    const slug = known.tenant.slug;
    this.starting.add(slug);
    try {
      const served = await serveTenant({
        slug,
        known,
        ownTimers: false,
        db: options.db,
        redis: options.redis,
        logger: options.logger,
        encryptionKey: options.encryptionKey,
        apiRoot: options.apiRoot,
        instanceId: options.instanceId,
        services: {
          jobs: this.shared.jobs,
          texts: this.shared.texts,
          reads: this.shared.reads,
          now: this.shared.now,
          salesBotUsername: options.salesBotUsername,
        },
        telegrams: this.shared.telegrams,
        publicUrl: options.publicUrl,
        limits: options.limits,
        antiFlood: options.antiFlood,
        onUpdateHandled: options.onUpdateHandled,
        pollTimeoutSeconds: options.pollTimeoutSeconds,
        leaseMs: options.leaseMs,
        reconcileEveryMs: options.reconcileEveryMs,
        updateTimeLimitMs: options.updateTimeLimitMs,
        telegramRetry: options.telegramRetry,
        onTokenRejected: (code) => this.tokenRefused(slug, known.token, code),
      });
      this.failing.delete(slug);
      if (this.stopped) {
        await served.stop();
        return;
      }
      this.entries.set(slug, { token: known.token, served });
      this.queueReconcile(slug);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) {
        this.failing.set(slug, error instanceof Error ? error.message : String(error));
        this.log.warn({ err: error, tenant: slug }, 'could not start serving the tenant');
      }
    } finally {
      this.starting.delete(slug);
    }
  }

  private async stopTenant(slug: string): Promise<void> {
    const entry = this.entries.get(slug);
    if (!entry) {
      return;
    }
    this.entries.delete(slug);
    this.toReconcile.delete(slug);
    await entry.served.stop().catch((error: unknown) => {
      this.log.warn({ err: error, tenant: slug }, 'stopping the tenant failed');
    });
    this.log.info({ tenant: slug }, 'tenant no longer served here');
  }

  /**
   * Telegram refused a tenant's token: its intake has stopped. Recorded in Postgres (and
   * announced), so that every replica drops it and `pnpm tenant list` shows it; logged
   * once, by the replica that recorded it.
   */
  private tokenRefused(slug: string, token: string, code: 401 | 404): void {
    markTenantTokenRejected(this.options, slug, token).then(
      (marked) => {
        if (marked) {
          this.log.warn(
            { tenant: slug, code },
            'Telegram refused the bot token: the tenant is not served until it gets a new one (pnpm tenant update --token)',
          );
        }
        this.requestSync();
      },
      (error: unknown) => {
        this.log.warn({ err: error, tenant: slug }, 'could not mark the refused token');
      },
    );
  }

  private queueReconcile(slug: string): void {
    this.toReconcile.add(slug);
    this.reconciling ??= this.reconcileQueued().finally(() => {
      this.reconciling = undefined;
    });
  }

  private reconcileAll(): void {
    for (const slug of this.entries.keys()) {
      this.queueReconcile(slug);
    }
  }

  /** One tenant at a time: a thousand tenants must not take the whole pool at start. */
  private async reconcileQueued(): Promise<void> {
    for (const slug of this.toReconcile) {
      this.toReconcile.delete(slug);
      const entry = this.entries.get(slug);
      if (!entry || this.stopped) {
        continue;
      }
      await entry.served.reconcile().catch((error: unknown) => {
        this.log.warn({ err: error, tenant: slug }, 'job reconciliation failed');
      });
    }
  }

  status(): FleetStatus {
    const served = [...this.entries.keys()];
    return {
      served,
      polling: served.filter((slug) => this.entries.get(slug)?.served.isPolling?.() ?? true),
      tokenRejected: [...this.tokenRejected],
      failing: Object.fromEntries(this.failing),
    };
  }

  async ready() {
    const rereadEveryMs = this.options.rereadEveryMs ?? 30_000;
    if (this.stopped) {
      throw new Error('the fleet is stopped');
    }
    if (Date.now() - this.lastSyncAt > 3 * rereadEveryMs + 5_000) {
      throw new Error('the tenants could not be re-read for three intervals');
    }
    const { polling: _polling, ...status } = this.status();
    return { details: { ...status, servedCount: status.served.length } };
  }

  private beat(): void {
    const status = this.status();
    const heartbeat: FleetHeartbeat = {
      instance: this.options.instanceId,
      intake: this.options.publicUrl ? 'webhook' : 'polling',
      startedAt: this.startedAt,
      at: new Date().toISOString(),
      tenants: status.served,
      polling: status.polling,
      tokenRejected: status.tokenRejected,
      failing: Object.keys(status.failing),
    };
    writeFleetHeartbeat(this.options.redis, heartbeat).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not write the fleet heartbeat');
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) {
      clearInterval(timer);
    }
    this.stopWatchingRedis?.();
    // Calls that arrive from now on are answered 404; Telegram delivers them again.
    this.removeWebhook?.();
    this.subscriber.disconnect();
    await this.syncing?.catch(() => undefined);
    await Promise.all([...this.entries.keys()].map((slug) => this.stopTenant(slug)));
    await this.reconciling;
    await removeFleetHeartbeat(this.options.redis, this.options.instanceId).catch(() => undefined);
  }
}
