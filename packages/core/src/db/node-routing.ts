import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import type { TenantDatabase } from './tenant-database.js';

/**
 * Tenant queries sent straight to the Citus node that holds the tenant's schema.
 *
 * Through the coordinator, every statement is planned twice: once there, and again
 * on the worker, which receives it as a new unnamed statement each time and so cannot
 * keep a prepared plan. A booking of a few statements took 3 to 5 times as long as on
 * plain Postgres that way. Citus lets any node of the cluster run queries (its
 * metadata is on every node); on the node that holds the schema, a statement runs
 * against local shards, and prepared statements keep their plans as on plain Postgres.
 *
 * Where each schema lives is read from Citus's metadata on the coordinator and kept
 * for {@link PLACEMENT_TTL_MS}. A schema moved to another node meanwhile
 * (`citus_move_shard_placement`) is still served correctly by the old node, which
 * relays to the new one, until the placement is read again. A node that refuses
 * connections is left alone for the same time and its tenants go through the
 * coordinator. Without Citus, or without workers, nothing is routed.
 *
 * Identity columns draw from a range per node on Citus (node group × 2^48): a row
 * written on a worker gets a larger id than one written on the coordinator. Nodes of
 * group 32 and above would give ids past 2^53, which JavaScript numbers cannot hold
 * exactly: their tenants stay on the coordinator.
 */
export class NodeRouter {
  private routing: boolean | undefined;
  private detecting: Promise<boolean> | undefined;
  private readonly placements = new Map<string, Placement | Promise<Placement>>();
  private readonly nodes = new Map<string, NodeDriver>();
  private readonly coordinator: PoolDriver;
  private closed = false;

  constructor(
    private readonly coordinatorPool: pg.Pool,
    private readonly createPool: (host: string, port: number) => pg.Pool,
    private readonly clock: { placementTtlMs: number; now: () => number } = {
      placementTtlMs: PLACEMENT_TTL_MS,
      now: Date.now,
    },
  ) {
    this.coordinator = new PoolDriver(coordinatorPool);
  }

  /**
   * Whether tenant executors should be routed: true once the database is known to be
   * Citus with workers. The first call starts finding out and answers false meanwhile.
   */
  routes(): boolean {
    void this.detected();
    return this.routing === true;
  }

  /** Finds out, once, whether to route; a server that did not answer is asked again later. */
  detected(): Promise<boolean> {
    if (this.routing !== undefined) {
      return Promise.resolve(this.routing);
    }
    this.detecting ??= this.detect().then(
      (routing) => {
        this.routing = routing;
        return routing;
      },
      () => {
        this.detecting = undefined;
        return false;
      },
    );
    return this.detecting;
  }

  /** An executor of `schema` whose connections come from the node that holds it. */
  executor(schema: string): Kysely<TenantDatabase> {
    return new Kysely<TenantDatabase>({ dialect: new RoutedDialect(this, schema) }).withSchema(
      schema,
    );
  }

  /** The driver whose connections reach the node of `schema` now. */
  async driverFor(schema: string): Promise<PoolDriver> {
    const placement = await this.placementOf(schema);
    const node = placement.node === undefined ? undefined : this.nodeDriver(placement.node);
    const driver =
      node === undefined || node.downUntil > this.clock.now() ? this.coordinator : node;
    await driver.ready;
    return driver;
  }

  /** Ends the pools of the nodes (the coordinator's pool belongs to its owner). */
  async close(): Promise<void> {
    this.closed = true;
    const drivers = [...this.nodes.values()];
    this.nodes.clear();
    await Promise.all(drivers.map((driver) => driver.destroy()));
  }

  private async detect(): Promise<boolean> {
    const { rows } = await this.coordinatorPool.query<{ workers: number }>(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')
         THEN (SELECT count(*)::int FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary')
         ELSE 0 END AS workers`,
    );
    return (rows[0]?.workers ?? 0) > 0;
  }

  private async placementOf(schema: string): Promise<Placement> {
    const known = this.placements.get(schema);
    if (
      known !== undefined &&
      (known instanceof Promise || known.readAt + this.clock.placementTtlMs > this.clock.now())
    ) {
      return known;
    }
    // Metadata that cannot be read (a role without access to Citus's tables, say) sends
    // the schema through the coordinator, which then reports any real trouble itself.
    const reading = this.readPlacement(schema)
      .catch((): Placement => ({ node: undefined, readAt: this.clock.now() }))
      .then((placement) => {
        this.placements.set(schema, placement);
        return placement;
      });
    this.placements.set(schema, reading);
    return reading;
  }

  private async readPlacement(schema: string): Promise<Placement> {
    // The node of the schema's `settings` shard: every table of a distributed schema is
    // one shard, and Citus keeps them together on one node.
    const { rows } = await this.coordinatorPool.query<{
      groupid: number;
      nodename: string;
      nodeport: number;
    }>(
      `SELECT node.groupid, node.nodename, node.nodeport
         FROM pg_dist_shard shard
         JOIN pg_dist_placement placement ON placement.shardid = shard.shardid
         JOIN pg_dist_node node ON node.groupid = placement.groupid
        WHERE shard.logicalrelid = to_regclass(format('%I.settings', $1::text))
          AND node.noderole = 'primary' AND node.isactive
        LIMIT 1`,
      [schema],
    );
    const row = rows[0];
    const node =
      row === undefined || row.groupid === 0 || row.groupid >= MAX_ROUTED_GROUP
        ? undefined
        : `${row.nodename}:${row.nodeport}`;
    return { node, readAt: this.clock.now() };
  }

  private nodeDriver(address: string): NodeDriver | undefined {
    if (this.closed) {
      return undefined;
    }
    let driver = this.nodes.get(address);
    if (driver === undefined) {
      const separator = address.lastIndexOf(':');
      driver = new NodeDriver(
        this.createPool(address.slice(0, separator), Number(address.slice(separator + 1))),
        this.clock,
      );
      this.nodes.set(address, driver);
    }
    return driver;
  }
}

/** How long a schema's placement, or a node's refusal, is believed. */
export const PLACEMENT_TTL_MS = 30_000;

/** The first node group whose identity values would pass 2^53 (group × 2^48). */
const MAX_ROUTED_GROUP = 32;

/** Where a schema lives: `host:port` of its worker, or undefined for the coordinator. */
interface Placement {
  node: string | undefined;
  readAt: number;
}

/** Kysely's driver of one pool, started at once. */
class PoolDriver extends PostgresDriver {
  readonly ready: Promise<void>;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.ready = this.init();
  }
}

/** The driver of one worker's pool; notes when the worker refuses connections. */
class NodeDriver extends PoolDriver {
  downUntil = 0;

  constructor(
    pool: pg.Pool,
    private readonly clock: { placementTtlMs: number; now: () => number },
  ) {
    super(pool);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.downUntil = this.clock.now() + this.clock.placementTtlMs;
      throw error;
    }
  }
}

/** Kysely's Postgres dialect, with connections from the node of one schema. */
class RoutedDialect implements Dialect {
  constructor(
    private readonly router: NodeRouter,
    private readonly schema: string,
  ) {}

  createDriver(): Driver {
    return new RoutedDriver(this.router, this.schema);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

/**
 * Takes each connection from the driver of the schema's node at that moment, and
 * hands the connection back, and runs its transaction commands, through that driver.
 */
class RoutedDriver implements Driver {
  private readonly owners = new WeakMap<DatabaseConnection, PostgresDriver>();

  constructor(
    private readonly router: NodeRouter,
    private readonly schema: string,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const driver = await this.router.driverFor(this.schema);
    let connection: DatabaseConnection;
    try {
      connection = await driver.acquireConnection();
    } catch (error) {
      if (!(driver instanceof NodeDriver)) {
        throw error;
      }
      // The node refused: this time and for a while, through the coordinator.
      return this.acquireConnection();
    }
    this.owners.set(connection, driver);
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.owner(connection).beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.owner(connection).commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.owner(connection).rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    return this.owner(connection).savepoint(connection, name, compile);
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    return this.owner(connection).rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ) {
    return this.owner(connection).releaseSavepoint(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection) {
    const driver: Driver = this.owner(connection);
    return driver.releaseConnection(connection);
  }

  async destroy(): Promise<void> {
    // The pools belong to the router.
  }

  private owner(connection: DatabaseConnection): PostgresDriver {
    const driver = this.owners.get(connection);
    if (driver === undefined) {
      throw new Error('A connection this driver did not acquire');
    }
    return driver;
  }
}
