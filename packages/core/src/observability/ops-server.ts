import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** A readiness probe: resolves when the dependency answers, rejects otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

/** Options of {@link startOpsServer}. */
export interface OpsServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Address to listen on. Default 127.0.0.1: the metrics are not for the whole network. */
  host?: string;
  registry: Registry;
  /** Named checks for `/ready`, such as `{ postgres, redis }`. */
  checks: Record<string, ReadinessCheck>;
  logger?: Logger;
  /** How long a check may take before it counts as failed. Default 2000 ms. */
  checkTimeoutMs?: number;
}

/** A running ops server. */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the small HTTP server every process exposes: `/health` answers 200 while the
 * process is alive; `/ready` answers 200 only when every check passes (503 with the
 * failing names otherwise); `/metrics` serves the Prometheus registry.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, contentType = 'application/json'): void => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    };
    if (path === '/health') {
      reply(200, JSON.stringify({ status: 'ok' }));
    } else if (path === '/ready') {
      runChecks(options.checks, timeoutMs).then(
        (failed) => {
          reply(
            failed.length === 0 ? 200 : 503,
            JSON.stringify(
              failed.length === 0 ? { status: 'ready' } : { status: 'unready', failed },
            ),
          );
        },
        (error: unknown) => {
          options.logger?.error({ err: error }, 'readiness check crashed');
          reply(500, JSON.stringify({ status: 'error' }));
        },
      );
    } else if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => reply(200, text, options.registry.contentType),
        (error: unknown) => {
          options.logger?.error({ err: error }, 'metrics collection failed');
          reply(500, 'metrics unavailable', 'text/plain');
        },
      );
    } else {
      reply(404, JSON.stringify({ status: 'not_found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function runChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return undefined;
      } catch {
        return name;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return results.filter((name): name is string => name !== undefined);
}
