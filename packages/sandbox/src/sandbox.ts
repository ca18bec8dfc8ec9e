import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localTransport } from './client/chat-transport.js';
import { DEFAULT_WAIT_TIMEOUT_MS, SandboxChat } from './client/sandbox-chat.js';
import { sendJson } from './http/respond.js';
import { handleTelegramControl } from './telegram/control-routes.js';
import {
  type BotRef,
  TelegramEmulator,
  type TelegramEmulatorOptions,
  type UserRef,
} from './telegram/telegram-emulator.js';
import { serveWebChat } from './web/web-chat.js';
import { YookassaEmulator, type YookassaEmulatorOptions } from './yookassa/yookassa-emulator.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  readonly host?: string;
  readonly telegram?: TelegramEmulatorOptions;
  readonly yookassa?: YookassaEmulatorOptions;
  /** Default timeout of chat waits, in milliseconds (3000 unless set). */
  readonly waitTimeoutMs?: number;
}

/** A running sandbox: both emulators and the web chat on one HTTP server. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:41234`; the web chat is served at `/`. */
  readonly url: string;
  readonly port: number;
  readonly telegram: TelegramEmulator;
  readonly yookassa: YookassaEmulator;
  /** A user's chat with a bot, to drive from a test. */
  chat(bot: BotRef, user: UserRef): SandboxChat;
  /** Closes the server, long polls, webhook and notification deliveries. */
  stop(): Promise<void>;
}

/**
 * Starts the Telegram and YooKassa emulators on one HTTP server (a random free port by
 * default, so test files can run in parallel). Stop it with `sandbox.stop()`.
 *
 * @example
 * const sandbox = await startSandbox();
 * const bot = sandbox.telegram.createBot({ username: 'salon_bot' });
 * const user = sandbox.telegram.createUser({ first_name: 'Ann' });
 * const chat = sandbox.chat(bot, user);
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const telegram = new TelegramEmulator(options.telegram);
  const yookassa = new YookassaEmulator(options.yookassa);
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('[sandbox] request failed', error);
      sendJson(response, 500, { error: 'Internal Server Error' });
    });
  });
  // Keep connections alive between calls, as Telegram does. Node's client agent gives
  // up on a socket whose server announces under 2 s (`Keep-Alive: timeout=1` meant a
  // new connection per call). stop() closes idle and long-polling connections itself.
  server.keepAliveTimeout = 30_000;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.local');
    if (await telegram.handle(request, response, url)) {
      return;
    }
    if (await handleTelegramControl(telegram, request, response, url)) {
      return;
    }
    if (await yookassa.handle(request, response, url)) {
      return;
    }
    if (serveWebChat(request, response, url)) {
      return;
    }
    sendJson(response, 404, { error: `Not found: ${request.method} ${url.pathname}` });
  }

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  telegram.setBaseUrl(url);
  yookassa.setBaseUrl(url);
  const waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  let stopped: Promise<void> | undefined;

  return {
    url,
    port,
    telegram,
    yookassa,
    chat: (bot, user) =>
      new SandboxChat(
        localTransport(
          telegram,
          typeof bot === 'number' ? bot : bot.id,
          typeof user === 'number' ? user : user.id,
        ),
        waitTimeoutMs,
      ),
    stop: () => {
      stopped ??= (async () => {
        telegram.close();
        yookassa.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopped;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
