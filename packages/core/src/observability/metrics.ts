import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Creates a Prometheus registry with the process's default metrics (CPU, memory, event
 * loop lag) labelled with `app`. Each process owns one and serves it at `/metrics`.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
