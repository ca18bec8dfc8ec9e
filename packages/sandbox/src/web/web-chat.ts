import type { IncomingMessage, ServerResponse } from 'node:http';

export function serveWebChat(
  _request: IncomingMessage,
  _response: ServerResponse,
  _url: URL,
): boolean {
  return false;
}
