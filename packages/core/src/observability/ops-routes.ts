import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HttpError, type HttpRequest, type HttpRoutes, jsonResponse } from '../http/index.js';

/**
 * A readiness probe: resolves when the dependency answers, rejects otherwise. A check
 * that resolves to `{ details }` adds them, under its name, to what `/ready` tells
 * trusted callers (a fleet's tenants whose token Telegram refused, say): facts worth
 * seeing that do not make the process unready.
 */
export type ReadinessCheck = () => Promise<unknown>;

/** Options of {@link registerOpsRoutes}. */
export interface OpsRoutesOptions {
  registry: Registry;
  /** Named checks for `/ready`, such as `{ postgres, redis }`; read on every request. */
  checks: Record<string, ReadinessCheck>;
  /** Whether a request may read `/metrics` and the names behind a failing `/ready`. */
  trusted: (request: HttpRequest) => boolean;
  logger?: Logger;
  /** How long a check may take before it counts as failed. Default 2000 ms. */
  checkTimeoutMs?: number;
}

/**
 * Adds the routes every process exposes: `/health` answers 200 while the process is
 * alive; `/ready` answers 200 only when every check passes, 503 otherwise, naming the
 * failing checks to trusted callers only; `/metrics` serves the Prometheus registry to
 * trusted callers and answers 403 to anyone else. The server may face the internet (it
 * also takes Telegram's webhooks), so what the process is made of stays inside.
 */
export function registerOpsRoutes(routes: HttpRoutes, options: OpsRoutesOptions): void {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  routes.route('GET', '/health', async () => jsonResponse(200, { status: 'ok' }));
  routes.route('GET', '/ready', async (request) => {
    const { failed, details } = await runChecks(options.checks, timeoutMs);
    const status = failed.length === 0 ? 'ready' : 'unready';
    if (!options.trusted(request)) {
      return jsonResponse(failed.length === 0 ? 200 : 503, { status });
    }
    const told = Object.keys(details).length > 0 ? { details } : {};
    return failed.length === 0
      ? jsonResponse(200, { status, ...told })
      : jsonResponse(503, { status, failed, ...told });
  });
  routes.route('GET', '/metrics', async (request) => {
    if (!options.trusted(request)) {
      throw new HttpError('FORBIDDEN', 'metrics are served to allowed addresses or with a token');
    }
    return {
      status: 200,
      body: await options.registry.metrics(),
      contentType: options.registry.contentType,
    };
  });
}

/** Loopback only: the default of {@link opsAccess}'s `allowFrom`. */
export const LOOPBACK_SOURCES = ['127.0.0.0/8', '::1/128'] as const;

/** Options of {@link opsAccess}. */
export interface OpsAccessOptions {
  /** Addresses and CIDR ranges trusted by source, such as `10.0.0.5` or `10.0.0.0/8`. */
  allowFrom: readonly string[];
  /** A bearer token that is trusted from anywhere (`Authorization: Bearer <token>`). */
  token?: string | undefined;
}

/**
 * Decides who may read the ops details: a request from an allowed address, or one with
 * the bearer token. A request that names a forwarding proxy (`Forwarded`,
 * `X-Forwarded-For`, `X-Real-IP`) is not trusted by its address: a TLS proxy on the same
 * machine connects from loopback on behalf of anyone on the internet.
 *
 * @throws Error naming the entry when `allowFrom` holds something that is no address or range.
 */
export function opsAccess(options: OpsAccessOptions): (request: HttpRequest) => boolean {
  const allowed = new BlockList();
  for (const entry of options.allowFrom) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    const bits = Number(prefix);
    if (
      family === 0 ||
      (prefix !== undefined &&
        !(Number.isInteger(bits) && bits >= 0 && bits <= (family === 4 ? 32 : 128)))
    ) {
      throw new Error(`OPS_ALLOW_FROM: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      allowed.addAddress(address, type);
    } else {
      allowed.addSubnet(address, bits, type);
    }
  }
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  return (request) => {
    const authorization = request.headers.authorization;
    if (expected && typeof authorization === 'string') {
      const given = Buffer.from(authorization);
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        return true;
      }
    }
    const { headers } = request;
    if (headers.forwarded || headers['x-forwarded-for'] || headers['x-real-ip']) {
      return false;
    }
    const family = isIP(request.remoteAddress);
    return family !== 0 && allowed.check(request.remoteAddress, family === 4 ? 'ipv4' : 'ipv6');
  };
}

async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<{ failed: string[]; details: Record<string, unknown> }> {
  const details: Record<string, unknown> = {};
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      });
      try {
        const result = await Promise.race([check(), timeout]);
        if (typeof result === 'object' && result !== null && 'details' in result) {
          details[name] = result.details;
        }
        return undefined;
      } catch {
        return name;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { failed: results.filter((name): name is string => name !== undefined), details };
}
