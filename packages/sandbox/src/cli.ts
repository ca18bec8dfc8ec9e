import { CLI_USAGE, parseCliOptions } from './cli-options.js';
import { startSandbox } from './sandbox.js';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(CLI_USAGE);
    return;
  }
  const sandbox = await startSandbox({
    port: options.port,
    host: options.host,
    ...(options.limits ? {} : { telegram: { limits: false } }),
    yookassa: {
      shops: [
        {
          ...options.shop,
          receiptRequired: options.receiptRequired,
          ...(options.notificationUrl ? { notificationUrl: options.notificationUrl } : {}),
        },
      ],
    },
  });
  const lines = [
    `Sandbox running at ${sandbox.url}`,
    '',
    `Web chat: ${sandbox.url}/`,
    '',
    'Configure the apps with:',
    `TELEGRAM_API_ROOT=${sandbox.telegram.apiRoot}`,
    `YOOKASSA_API_URL=${sandbox.yookassa.apiUrl}`,
    `YOOKASSA_SHOP_ID=${options.shop.shopId}`,
    `YOOKASSA_SECRET_KEY=${options.shop.secretKey}`,
  ];
  for (const spec of options.bots) {
    const bot = sandbox.telegram.createBot({
      username: spec.username,
      ...(spec.token ? { token: spec.token } : {}),
    });
    lines.push(`# bot @${bot.username}`, `BOT_TOKEN=${bot.token}`);
  }
  for (const firstName of options.users) {
    sandbox.telegram.createUser({ first_name: firstName, language_code: 'en' });
  }
  if (options.bots.length === 0) {
    lines.push(
      '',
      'No bots yet: create one in the web chat or POST /_sandbox/telegram/bots {"username": "..."}',
    );
  }
  console.log(lines.join('\n'));

  const shutdown = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Sandbox failed to start:', error);
  process.exit(1);
});
