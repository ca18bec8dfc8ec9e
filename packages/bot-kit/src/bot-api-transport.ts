import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TelegramError } from 'telegraf';

/** Calls one Bot API method and resolves with its `result`. */
export type BotApiCall = (
  method: string,
  payload: Record<string, unknown>,
  options?: { signal?: AbortSignal },
) => Promise<unknown>;

/** Methods that may upload files: they need multipart bodies, which telegraf builds. */
export const UPLOAD_METHODS: ReadonlySet<string> = new Set([
  'sendDocument',
  'sendPhoto',
  'sendAudio',
  'sendVideo',
  'sendVoice',
  'sendAnimation',
  'sendVideoNote',
  'sendSticker',
  'sendMediaGroup',
  'editMessageMedia',
  'setChatPhoto',
  'setWebhook',
]);

/** A connection pool that keeps connections to the Bot API root open between calls. */
export function keepAliveAgent(apiRoot: string): HttpAgent {
  return new URL(apiRoot).protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true, keepAliveMsecs: 10_000 })
    : new HttpAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
}

/** Seconds a call may stay silent beyond its own long-poll `timeout`. */
const IDLE_SECONDS = 30;

/** Drops null and undefined fields, as the Bot API expects absent ones. */
function withoutNullish(_key: string, value: unknown): unknown {
  return value === null ? undefined : value;
}

/**
 * A lean Bot API transport for calls with a JSON body: one `POST` over a kept-alive
 * connection, the answer parsed once. Telegraf's transport (node-fetch with its
 * streams, header objects and body mixins) costs several times the CPU of the call
 * itself, and a busy bot makes two or three calls per update. Errors have the shape
 * telegraf's have (`TelegramError` with `response.error_code`, `description` and
 * `parameters`), so callers need not care which transport ran; file uploads still go
 * through telegraf (see {@link UPLOAD_METHODS}). The token is part of the path only:
 * no error message carries it; an error keeps the method and chat of its call, not the
 * payload.
 */
export function createBotApiTransport(
  token: string,
  apiRoot: string,
  agent: HttpAgent = keepAliveAgent(apiRoot),
): BotApiCall {
  const root = new URL(apiRoot);
  const secure = root.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  const basePath = `${root.pathname.replace(/\/$/, '')}/bot${token}/`;
  const port = root.port === '' ? (secure ? 443 : 80) : Number(root.port);

  return (method, payload, options = {}) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(payload, withoutNullish);
      const pollSeconds = typeof payload.timeout === 'number' ? payload.timeout : 0;
      const call = request(
        {
          host: root.hostname,
          port,
          path: basePath + method,
          method: 'POST',
          agent,
          signal: options.signal,
          timeout: (pollSeconds + IDLE_SECONDS) * 1000,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          readAnswer(response).then(
            (text) => {
              try {
                resolve(parseAnswer(method, payload, response.statusCode ?? 0, text));
              } catch (error) {
                reject(error);
              }
            },
            (error: unknown) => reject(scrub(error, token)),
          );
        },
      );
      call.on('timeout', () => {
        call.destroy(new Error(`Bot API ${method}: no answer within the timeout`));
      });
      call.on('error', (error) => reject(scrub(error, token)));
      call.end(body);
    });
}

function readAnswer(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function parseAnswer(
  method: string,
  payload: Record<string, unknown>,
  status: number,
  text: string,
): unknown {
  let answer: { ok?: boolean; result?: unknown; error_code?: number; description?: string };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new TelegramError(
      { error_code: status, description: `Bot API ${method} answered HTTP ${status}, not JSON` },
      callOf(method, payload),
    );
  }
  if (answer.ok === true) {
    return answer.result;
  }
  throw new TelegramError(
    {
      ...answer,
      error_code: answer.error_code ?? status,
      description: answer.description ?? `HTTP ${status}`,
    },
    callOf(method, payload),
  );
}

/**
 * What an error keeps of the call that failed: the method and the chat. The rest of the
 * payload (a message's text with a client's name and phone, signed callback data) would
 * follow the error into every log line and report that shows it.
 */
function callOf(method: string, payload: Record<string, unknown>) {
  return { method, payload: payload.chat_id === undefined ? {} : { chat_id: payload.chat_id } };
}

/** Makes sure a network error's message does not carry the token. */
function scrub(error: unknown, token: string): unknown {
  if (error instanceof Error && error.message.includes(token)) {
    error.message = error.message.replaceAll(token, '[REDACTED]');
  }
  return error;
}
