import type { IncomingHttpHeaders } from 'node:http';

/** The methods a route may answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as a route handler sees it. */
export interface HttpRequest {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  path: string;
  /** The values of the pattern's `:name` segments, URL-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The peer's address (a proxy's, behind one), IPv4-mapped IPv6 unwrapped. */
  remoteAddress: string;
  /**
   * The body, read on first call, at most the server's limit.
   *
   * @throws HttpError `PAYLOAD_TOO_LARGE` past the limit.
   */
  body(): Promise<Buffer>;
  /**
   * The body parsed as JSON.
   *
   * @throws HttpError `PAYLOAD_TOO_LARGE` past the limit, `BAD_REQUEST` when it is no JSON.
   */
  json(): Promise<unknown>;
}

/** What a handler answers. Errors are thrown as `HttpError` instead. */
export interface HttpResponse {
  status: number;
  body?: string | Buffer;
  /** Default `application/json`. */
  contentType?: string;
  /** Further headers, such as `retry-after` or `www-authenticate`. */
  headers?: Readonly<Record<string, string>>;
}

/** Answers one route's requests. A plain exception becomes a 500 without its details. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A JSON answer. */
export function jsonResponse(status: number, value: unknown): HttpResponse {
  return { status, body: JSON.stringify(value) };
}

/** Where routes are added: what the runtime hands to bot-kit and to apps. */
export interface HttpRoutes {
  /**
   * Adds a route. `pattern` is a path whose `:name` segments match one non-empty path
   * segment each, such as `/tg/:tenant/:secretPath`.
   *
   * @returns a function that removes the route again.
   * @throws Error when the same method and pattern are already routed.
   */
  route(method: HttpMethod, pattern: string, handler: HttpHandler): () => void;
}

interface Route {
  method: HttpMethod;
  pattern: string;
  segments: string[];
  handler: HttpHandler;
}

/** The route a request matched, with its parameters. */
export interface HttpMatch {
  pattern: string;
  handler: HttpHandler;
  params: Record<string, string>;
}

/**
 * The one small router of a process: method and path pattern to handler. Routes may be
 * added and removed while the server runs (a bot registers its webhook when it starts
 * and removes it when it stops).
 */
export class HttpRouter implements HttpRoutes {
  private readonly routes: Route[] = [];

  route(method: HttpMethod, pattern: string, handler: HttpHandler): () => void {
    if (!pattern.startsWith('/')) {
      throw new Error(`a route pattern starts with "/": ${pattern}`);
    }
    if (this.routes.some((route) => route.method === method && route.pattern === pattern)) {
      throw new Error(`${method} ${pattern} is already routed`);
    }
    const route: Route = { method, pattern, segments: pattern.split('/'), handler };
    this.routes.push(route);
    return () => {
      const index = this.routes.indexOf(route);
      if (index >= 0) {
        this.routes.splice(index, 1);
      }
    };
  }

  /** The first route that answers `method` at `path`, or `undefined`. */
  match(method: string, path: string): HttpMatch | undefined {
    const segments = path.split('/');
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) {
        continue;
      }
      const params = matchSegments(route.segments, segments);
      if (params) {
        return { pattern: route.pattern, handler: route.handler, params };
      }
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const actual = segments[index] as string;
    if (!expected.startsWith(':')) {
      if (actual !== expected) {
        return undefined;
      }
      continue;
    }
    if (actual === '') {
      return undefined;
    }
    try {
      params[expected.slice(1)] = decodeURIComponent(actual);
    } catch {
      // A malformed escape matches no route.
      return undefined;
    }
  }
  return params;
}
