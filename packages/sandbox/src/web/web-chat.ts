import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'chat.html', type: 'text/html; charset=utf-8' },
  '/web/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/web/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Buffer>();

function asset(file: string): Buffer {
  let content = cache.get(file);
  if (!content) {
    content = readFileSync(new URL(`./static/${file}`, import.meta.url));
    cache.set(file, content);
  }
  return content;
}

/**
 * Serves the web chat (plain HTML, CSS and JS from `./static`, no build step) at `/`.
 * Returns false for other paths.
 */
export function serveWebChat(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): boolean {
  const entry = ASSETS[url.pathname];
  if (!entry || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return false;
  }
  const content = asset(entry.file);
  response.writeHead(200, {
    'content-type': entry.type,
    'content-length': content.length,
    'cache-control': 'no-cache',
  });
  response.end(request.method === 'HEAD' ? undefined : content);
  return true;
}
