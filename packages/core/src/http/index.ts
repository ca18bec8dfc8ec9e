export { HttpError, type HttpErrorCode, httpStatusOf } from './http-error.js';
export {
  type HttpHandler,
  type HttpMatch,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  HttpRouter,
  type HttpRoutes,
  jsonResponse,
} from './http-router.js';
export {
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_TIMEOUT_MS,
  type HttpServer,
  type HttpServerOptions,
  startHttpServer,
} from './http-server.js';
