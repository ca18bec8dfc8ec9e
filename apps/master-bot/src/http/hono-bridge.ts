import type { HttpMethod, HttpRequest, HttpResponse, HttpRoutes } from '@booking/core';
import type { Hono } from 'hono';

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Serves a Hono app on the process's one HTTP server under `prefix`: each route the app
 * declares is routed there (`{slug}` and `:slug` alike), and a request is handed to the
 * app's `fetch` as a standard `Request`, so the server keeps its one body limit, timeout
 * and error shape for everything else.
 *
 * @returns a function that removes the routes again.
 */
export function mountHonoApp(
  routes: HttpRoutes,
  app: Pick<Hono, 'fetch' | 'routes'>,
  prefix: string,
): () => void {
  const seen = new Set<string>();
  const removers: Array<() => void> = [];
  for (const { method, path } of app.routes) {
    const upper = method.toUpperCase();
    const pattern = `${prefix}${path.replace(/\{(\w+)\}/g, ':$1')}`;
    if (!METHODS.has(upper) || path.includes('*') || seen.has(`${upper} ${pattern}`)) {
      continue;
    }
    seen.add(`${upper} ${pattern}`);
    removers.push(
      routes.route(upper as HttpMethod, pattern, (request) => forward(app, prefix, request)),
    );
  }
  return () => {
    for (const remove of removers) {
      remove();
    }
  };
}

async function forward(
  app: Pick<Hono, 'fetch'>,
  prefix: string,
  request: HttpRequest,
): Promise<HttpResponse> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  const query = request.query.toString();
  const hasBody = request.method !== 'GET' && request.method !== 'DELETE';
  const response = await app.fetch(
    new Request(`http://api${request.path.slice(prefix.length)}${query ? `?${query}` : ''}`, {
      method: request.method,
      headers,
      body: hasBody ? new Uint8Array(await request.body()) : undefined,
    }),
  );
  const extra: Record<string, string> = {};
  for (const name of ['retry-after', 'www-authenticate']) {
    const value = response.headers.get(name);
    if (value !== null) {
      extra[name] = value;
    }
  }
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? 'application/json',
    headers: extra,
  };
}
