import type {
  CallbackPressResult,
  PressOptions,
  PressResult,
  TelegramEmulator,
  UserDocument,
} from '../telegram/telegram-emulator.js';
import type { TgContact } from '../telegram/telegram-types.js';
import type { Transcript, TranscriptMessage } from '../telegram/transcript.js';

/** What the user side of a chat can do; in-process or over the control API. */
export interface ChatTransport {
  /** Sends a text; a text over 4096 characters goes out in parts, and the last is returned. */
  sendText(text: string): Promise<TranscriptMessage>;
  sendContact(contact?: Partial<TgContact>): Promise<TranscriptMessage>;
  sendDocument(file: UserDocument): Promise<TranscriptMessage>;
  /** Sends a sticker with this emoji (the emulator's default, 👍, when omitted). */
  sendSticker(emoji?: string): Promise<TranscriptMessage>;
  press(label: string, options: PressOptions): Promise<PressResult>;
  /** Sends a callback query with arbitrary data (a forged or replayed button press). */
  pressData(data: string, options: PressOptions): Promise<CallbackPressResult>;
  block(): Promise<void>;
  unblock(): Promise<void>;
  transcript(): Promise<Transcript>;
  /** Resolves once the chat's version passes `sinceVersion`, or at the timeout. */
  waitForChange(sinceVersion: number, timeoutMs: number): Promise<Transcript>;
  /** Synchronous read, available in-process only. */
  transcriptSync?(): Transcript;
}

/** A transport that calls the emulator directly (same process as the test). */
export function localTransport(
  emulator: TelegramEmulator,
  botId: number,
  userId: number,
): ChatTransport {
  return {
    sendText: async (text) => emulator.sendText(botId, userId, text),
    sendContact: async (contact) => emulator.sendContact(botId, userId, contact),
    sendDocument: async (file) => emulator.sendDocument(botId, userId, file),
    sendSticker: async (emoji) =>
      emoji === undefined
        ? emulator.sendSticker(botId, userId)
        : emulator.sendSticker(botId, userId, emoji),
    press: async (label, options) => emulator.press(botId, userId, label, options),
    pressData: async (data, options) => emulator.pressData(botId, userId, data, options),
    block: async () => emulator.block(botId, userId),
    unblock: async () => emulator.unblock(botId, userId),
    transcript: async () => emulator.transcript(botId, userId),
    waitForChange: (since, timeoutMs) => emulator.waitForChange(botId, userId, since, timeoutMs),
    transcriptSync: () => emulator.transcript(botId, userId),
  };
}

/** A transport over the HTTP control API of a sandbox running elsewhere. */
export function httpTransport(baseUrl: string, botId: number, userId: number): ChatTransport {
  const chatUrl = `${baseUrl.replace(/\/+$/, '')}/_sandbox/telegram/chats/${botId}/${userId}`;
  const post = async <T>(path: string, body: unknown): Promise<T> =>
    controlRequest<T>(`${chatUrl}${path}`, body);
  return {
    sendText: (text) => post('/messages', { text }),
    sendContact: (contact) => post('/messages', { contact: contact ?? {} }),
    sendDocument: (file) =>
      post('/messages', {
        document: {
          fileName: file.fileName,
          contentBase64: Buffer.from(file.content).toString('base64'),
          ...(file.mimeType ? { mimeType: file.mimeType } : {}),
          ...(file.caption ? { caption: file.caption } : {}),
        },
      }),
    sendSticker: (emoji) => post('/messages', { sticker: emoji === undefined ? {} : { emoji } }),
    press: (label, options) => post('/press', { label, ...options }),
    pressData: (data, options) => post('/press-data', { data, ...options }),
    block: async () => {
      await post('/block', {});
    },
    unblock: async () => {
      await post('/unblock', {});
    },
    transcript: () => controlRequest(chatUrl),
    waitForChange: (since, timeoutMs) =>
      controlRequest(`${chatUrl}?since=${since}&timeout=${Math.max(0, Math.round(timeoutMs))}`),
  };
}

/** Calls the control API: GET without a body, POST JSON with one; throws its `error` text. */
export async function controlRequest<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const payload = (await response.json()) as T & { error?: string };
  if (!response.ok) {
    throw new Error(payload.error ?? `Sandbox control API answered ${response.status}`);
  }
  return payload;
}
