import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Telegram } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliOptions } from './cli-options.js';

describe('CLI options', () => {
  it('reads flags before the environment', () => {
    const options = parseCliOptions(
      [
        '--port',
        '0',
        '--bot',
        'salon_bot',
        '--bot',
        'shop_bot=1:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
      {
        SANDBOX_PORT: '9999',
        SANDBOX_HOST: '0.0.0.0',
      },
    );
    expect(options).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      bots: [
        { username: 'salon_bot' },
        { username: 'shop_bot', token: '1:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      ],
      users: ['Ann'],
      limits: true,
    });
  });

  it('falls back to environment variables and defaults', () => {
    expect(parseCliOptions([], {})).toMatchObject({
      port: DEFAULT_CLI_PORT,
      shop: { shopId: '100500' },
    });
    expect(
      parseCliOptions([], {
        SANDBOX_PORT: '8099',
        SANDBOX_BOTS: 'a_bot,b_bot',
        SANDBOX_TELEGRAM_LIMITS: '0',
        SANDBOX_YOOKASSA_SHOP: '42:key',
      }),
    ).toMatchObject({
      port: 8099,
      bots: [{ username: 'a_bot' }, { username: 'b_bot' }],
      limits: false,
      shop: { shopId: '42', secretKey: 'key' },
    });
  });

  it('rejects a bad port and a bad shop', () => {
    expect(() => parseCliOptions(['--port', 'eighty'], {})).toThrow(/Invalid port/);
    expect(() => parseCliOptions(['--shop', 'nokey'], {})).toThrow(/Invalid shop/);
  });
});

describe('pnpm sandbox', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGTERM');
  });

  it('starts both emulators and prints the web chat URL and the env vars to set', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--bot', 'demo_bot'], {
      // From the repository root, where the workspace's tsx is installed.
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`No banner within 15 s:\n${text}`)), 15_000);
      child?.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('BOT_TOKEN=')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
      child?.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child?.on('exit', (code) => reject(new Error(`CLI exited with ${code}:\n${text}`)));
    });
    const apiRoot = /^TELEGRAM_API_ROOT=(\S+)$/m.exec(output)?.[1];
    const yookassaUrl = /^YOOKASSA_API_URL=(\S+)$/m.exec(output)?.[1];
    const token = /^BOT_TOKEN=(\S+)$/m.exec(output)?.[1];
    expect(output).toMatch(/^Web chat: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(yookassaUrl).toBe(`${apiRoot}/v3`);
    const telegram = new Telegram(token as string, { apiRoot: apiRoot as string });
    expect((await telegram.getMe()).username).toBe('demo_bot');
    const page = await fetch(`${apiRoot}/`);
    expect(await page.text()).toContain('Telegram sandbox');
  });
});
