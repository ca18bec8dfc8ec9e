import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { YookassaSdk } from '@yookassa/sdk';
import { Markup } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './sandbox.js';
import { createTelegraf, launch, type RunningBot } from './test-support/telegraf-bot.js';

let sandbox: Sandbox;
let running: RunningBot | undefined;
let webhookServer: Server | undefined;

beforeEach(async () => {
  sandbox = await startSandbox({
    yookassa: { notificationRetry: { initialDelayMs: 10, maxDelayMs: 20 } },
  });
});

afterEach(async () => {
  await running?.stop();
  webhookServer?.closeAllConnections();
  await new Promise<void>((resolve) =>
    webhookServer ? webhookServer.close(() => resolve()) : resolve(),
  );
  await sandbox.stop();
});

describe('Telegram and YooKassa together', () => {
  it('sells a plan: the bot shows a payment link, the user pays, the notification confirms', async () => {
    const bot = sandbox.telegram.createBot({ username: 'sales_bot' });
    const user = sandbox.telegram.createUser({ first_name: 'Ann' });
    const shop = sandbox.yookassa.createShop();
    const yookassa = new YookassaSdk({ shopId: shop.shopId, secretKey: shop.secretKey });
    yookassa.configuration.basePath = sandbox.yookassa.apiUrl;
    const telegraf = createTelegraf(sandbox, bot);

    // The shop's notification endpoint: trusts nothing in the body, fetches the payment.
    webhookServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const notification = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          object: { id: string };
        };
        yookassa.payments
          .paymentsPaymentIdGet(notification.object.id)
          .then(async ({ data }) => {
            if (data.status === 'succeeded') {
              await telegraf.telegram.sendMessage(
                Number(data.metadata?.chatId),
                'Payment received, thank you!',
              );
            }
            response.writeHead(200).end();
          })
          .catch(() => response.writeHead(500).end());
      });
    });
    await new Promise<void>((resolve) => webhookServer?.listen(0, '127.0.0.1', resolve));
    const port = (webhookServer.address() as AddressInfo).port;
    sandbox.yookassa.setNotificationUrl(shop.shopId, `http://127.0.0.1:${port}/yookassa`);

    telegraf.command('buy', async (ctx) => {
      const { data: payment } = await yookassa.payments.paymentsPost(randomUUID(), {
        amount: { value: '990.00', currency: 'RUB' },
        capture: true,
        confirmation: { type: 'redirect', return_url: 'https://t.me/sales_bot' },
        description: 'Plan Start',
        metadata: { chatId: String(ctx.chat.id) },
      } as never);
      const url = (payment.confirmation as { confirmation_url: string }).confirmation_url;
      await ctx.reply(
        'Plan Start: 990 RUB',
        Markup.inlineKeyboard([Markup.button.url('Pay', url)]),
      );
    });
    running = await launch(sandbox, bot, telegraf);

    const chat = sandbox.chat(bot, user);
    await chat.send('/buy');
    await chat.waitFor('Plan Start');
    const pressed = await chat.press('Pay');
    if (pressed.kind !== 'url') {
      throw new Error('Pay should be a URL button');
    }
    expect(sandbox.yookassa.pay(pressed.url).status).toBe('succeeded');
    await chat.waitFor('Payment received, thank you!');
    const delivery = await sandbox.yookassa.waitForNotification(
      (item) => item.body.event === 'payment.succeeded',
    );
    expect(delivery.attempts).toBe(1);
  });
});
