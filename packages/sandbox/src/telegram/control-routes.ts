import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readRawBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { TelegramFault } from './faults.js';
import type { CreateBotOptions, CreateUserOptions, TelegramEmulator } from './telegram-emulator.js';

/** Prefix of the Telegram control API. */
export const TELEGRAM_CONTROL_PREFIX = '/_sandbox/telegram';

/** Longest a transcript long poll may wait, in milliseconds. */
const MAX_WAIT_MS = 30_000;

/**
 * Serves the control API the web chat and remote test clients use:
 *
 * - `GET|POST /_sandbox/telegram/bots`, `GET|POST /_sandbox/telegram/users`
 * - `GET /_sandbox/telegram/bots/:botId/stats`
 * - `POST /_sandbox/telegram/bots/:botId/fault` `{fault}` switches a Bot API fault on
 *   (see `TelegramFault`), `{}` switches it off
 * - `GET /_sandbox/telegram/chats/:botId/:userId?since=<version>&timeout=<ms>` (long poll)
 * - `POST /_sandbox/telegram/chats/:botId/:userId/messages` `{text}` | `{contact}` | `{document}`
 *   | `{sticker: {emoji?}}` (answers the message sent; for a long text, the last part)
 * - `POST /_sandbox/telegram/chats/:botId/:userId/press` `{label, messageId?}`
 * - `POST /_sandbox/telegram/chats/:botId/:userId/press-data` `{data, messageId?}` (a forged
 *   or replayed callback query)
 * - `POST /_sandbox/telegram/chats/:botId/:userId/block` and `/unblock`
 * - `GET /_sandbox/telegram/files/:fileId`
 *
 * Errors answer `{ error: message }` with status 400 (bad input) or 404 (unknown path).
 */
export async function handleTelegramControl(
  emulator: TelegramEmulator,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith(`${TELEGRAM_CONTROL_PREFIX}/`)) {
    return false;
  }
  const path = url.pathname.slice(TELEGRAM_CONTROL_PREFIX.length).split('/').filter(Boolean);
  const method = request.method ?? 'GET';
  try {
    const body = method === 'POST' ? await readJson(request) : {};
    const [resource, first, second, action] = path;
    if (resource === 'bots' && first === undefined) {
      if (method === 'POST') {
        sendJson(response, 200, emulator.createBot(body as CreateBotOptions));
      } else {
        sendJson(response, 200, emulator.listBots());
      }
      return true;
    }
    if (resource === 'bots' && second === 'stats') {
      sendJson(response, 200, emulator.stats(Number(first)));
      return true;
    }
    if (resource === 'bots' && second === 'fault' && method === 'POST') {
      emulator.setFault(Number(first), (body.fault as TelegramFault | undefined) ?? undefined);
      sendJson(response, 200, { ok: true });
      return true;
    }
    if (resource === 'users' && first === undefined) {
      if (method === 'POST') {
        sendJson(response, 200, emulator.createUser(body as unknown as CreateUserOptions));
      } else {
        sendJson(response, 200, emulator.listUsers());
      }
      return true;
    }
    if (resource === 'files' && first !== undefined) {
      const file = emulator.file(decodeURIComponent(first));
      if (!file) {
        sendJson(response, 404, { error: 'No such file' });
        return true;
      }
      response.writeHead(200, {
        'content-type': file.document.mime_type ?? 'application/octet-stream',
        'content-disposition': `attachment; filename="${encodeURIComponent(file.document.file_name ?? 'file')}"`,
      });
      response.end(file.data);
      return true;
    }
    if (resource === 'chats' && first !== undefined && second !== undefined) {
      const botId = Number(first);
      const userId = Number(second);
      if (action === undefined && method === 'GET') {
        const since = Number(url.searchParams.get('since') ?? '-1');
        const timeout = Math.min(Number(url.searchParams.get('timeout') ?? '0'), MAX_WAIT_MS);
        sendJson(response, 200, await emulator.waitForChange(botId, userId, since, timeout));
        return true;
      }
      if (method === 'POST' && action === 'messages') {
        sendJson(response, 200, sendUserMessage(emulator, botId, userId, body));
        return true;
      }
      if (method === 'POST' && action === 'press') {
        const options = typeof body.messageId === 'number' ? { messageId: body.messageId } : {};
        sendJson(response, 200, emulator.press(botId, userId, String(body.label ?? ''), options));
        return true;
      }
      if (method === 'POST' && action === 'press-data') {
        const options = typeof body.messageId === 'number' ? { messageId: body.messageId } : {};
        sendJson(
          response,
          200,
          emulator.pressData(botId, userId, String(body.data ?? ''), options),
        );
        return true;
      }
      if (method === 'POST' && (action === 'block' || action === 'unblock')) {
        if (action === 'block') {
          emulator.block(botId, userId);
        } else {
          emulator.unblock(botId, userId);
        }
        sendJson(response, 200, { ok: true });
        return true;
      }
    }
    sendJson(response, 404, { error: `Unknown sandbox path ${method} ${url.pathname}` });
  } catch (error) {
    sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
  return true;
}

function sendUserMessage(
  emulator: TelegramEmulator,
  botId: number,
  userId: number,
  body: Record<string, unknown>,
) {
  if (typeof body.text === 'string') {
    return emulator.sendText(botId, userId, body.text);
  }
  if (body.contact !== undefined) {
    return emulator.sendContact(
      botId,
      userId,
      typeof body.contact === 'object' && body.contact ? body.contact : {},
    );
  }
  if (body.sticker !== undefined) {
    const sticker = (typeof body.sticker === 'object' && body.sticker ? body.sticker : {}) as {
      emoji?: unknown;
    };
    return typeof sticker.emoji === 'string'
      ? emulator.sendSticker(botId, userId, sticker.emoji)
      : emulator.sendSticker(botId, userId);
  }
  const document = body.document as
    | { fileName?: string; contentBase64?: string; mimeType?: string; caption?: string }
    | undefined;
  if (document?.fileName) {
    return emulator.sendDocument(botId, userId, {
      fileName: document.fileName,
      content: Buffer.from(document.contentBase64 ?? '', 'base64'),
      ...(document.mimeType ? { mimeType: document.mimeType } : {}),
      ...(document.caption ? { caption: document.caption } : {}),
    });
  }
  throw new Error(
    'Send {text}, {contact}, {sticker: {emoji?}} or {document: {fileName, contentBase64}}',
  );
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed = parseBody(
    await readRawBody(request),
    request.headers['content-type'] ?? 'application/json',
  );
  return parsed.fields;
}
