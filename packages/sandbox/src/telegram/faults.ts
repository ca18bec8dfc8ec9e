import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Bot API outage a test switches on for one bot, to see how a bot behaves when
 * Telegram misbehaves:
 *
 * - `error`: every call answers `status` (500 by default) with Telegram's JSON error,
 *   or, with `html`, with an HTML page as a proxy in front of the Bot API sends on a 502;
 * - `refuse`: the connection is dropped without an answer (the client sees a network
 *   error, as while the API is unreachable);
 * - `delay`: the call is carried out at once, but its answer leaves only after `ms`
 *   (a slow API: a message may be delivered although its sender has not heard so yet);
 * - `unauthorized`: 401, as Telegram answers a revoked token.
 *
 * `methods` limits the fault to those Bot API methods (case-insensitive); by default it
 * hits every method, `getUpdates` included.
 */
export type TelegramFault = (
  | { kind: 'error'; status?: number; html?: boolean }
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number }
  | { kind: 'unauthorized' }
) & { methods?: readonly string[] };

/** Whether `fault` applies to a call of `method`. */
export function faultApplies(fault: TelegramFault | undefined, method: string): boolean {
  if (!fault) {
    return false;
  }
  return (
    fault.methods === undefined ||
    fault.methods.some((name) => name.toLowerCase() === method.toLowerCase())
  );
}

/**
 * Answers a request as the fault says, before the method runs. Returns false for a
 * `delay`, whose method runs normally (see {@link delayAnswer}).
 */
export function answerWithFault(
  fault: TelegramFault,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  switch (fault.kind) {
    case 'error': {
      const status = fault.status ?? 500;
      if (fault.html) {
        response.writeHead(status, { 'content-type': 'text/html' });
        response.end(
          `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center></body></html>`,
        );
      } else {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            ok: false,
            error_code: status,
            description: 'Internal Server Error',
          }),
        );
      }
      return true;
    }
    case 'refuse':
      request.socket.destroy();
      return true;
    case 'unauthorized':
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      return true;
    case 'delay':
      return false;
  }
}

/** For a `delay` fault, holds back the answer of a call that already ran. */
export async function delayAnswer(fault: TelegramFault | undefined): Promise<void> {
  if (fault?.kind === 'delay') {
    await new Promise((resolve) => setTimeout(resolve, fault.ms));
  }
}
