import { parseArgs } from 'node:util';

/** Settings of `pnpm sandbox`, from flags first, then environment variables. */
export interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly bots: readonly { username: string; token?: string }[];
  readonly users: readonly string[];
  readonly shop: { shopId: string; secretKey: string };
  readonly notificationUrl?: string;
  readonly receiptRequired: boolean;
  readonly limits: boolean;
  readonly help: boolean;
}

/** Port `pnpm sandbox` listens on unless told otherwise. */
export const DEFAULT_CLI_PORT = 8081;

export const CLI_USAGE = `Usage: pnpm sandbox [options]

Starts the Telegram Bot API and YooKassa emulators and the web chat on one port.

Options (environment variable in brackets):
  --port <n>               port, 0 for a random one (SANDBOX_PORT, default ${DEFAULT_CLI_PORT})
  --host <address>         interface to bind (SANDBOX_HOST, default 127.0.0.1)
  --bot <name[=token]>     register a bot, repeatable (SANDBOX_BOTS, comma-separated)
  --user <first name>      create a user for the web chat, repeatable (SANDBOX_USERS, default Ann)
  --shop <id:secretKey>    YooKassa shop credentials (SANDBOX_YOOKASSA_SHOP, default 100500:test_sandbox_secret)
  --notification-url <url> where YooKassa notifications go (SANDBOX_YOOKASSA_NOTIFICATION_URL)
  --receipt-required       the shop requires 54-FZ receipts (SANDBOX_YOOKASSA_RECEIPT_REQUIRED=1)
  --no-limits              turn off Telegram flood limits (SANDBOX_TELEGRAM_LIMITS=0)
  --help                   show this help`;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Parses flags and environment; throws an Error with a readable message on bad input. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      bot: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      shop: { type: 'string' },
      'notification-url': { type: 'string' },
      'receipt-required': { type: 'boolean' },
      'no-limits': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const portText = values.port ?? env.SANDBOX_PORT ?? String(DEFAULT_CLI_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`Invalid port "${portText}": expected an integer from 0 to 65535`);
  }
  const bots = (values.bot ?? list(env.SANDBOX_BOTS)).map((spec) => {
    const [username, token] = spec.split('=', 2) as [string, string | undefined];
    if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(username)) {
      throw new Error(`Invalid bot username "${username}"`);
    }
    return token ? { username, token } : { username };
  });
  const shopSpec = values.shop ?? env.SANDBOX_YOOKASSA_SHOP ?? '100500:test_sandbox_secret';
  const colon = shopSpec.indexOf(':');
  if (colon <= 0 || colon === shopSpec.length - 1) {
    throw new Error(`Invalid shop "${shopSpec}": expected <shopId>:<secretKey>`);
  }
  const notificationUrl = values['notification-url'] ?? env.SANDBOX_YOOKASSA_NOTIFICATION_URL;
  const users = values.user ?? list(env.SANDBOX_USERS);
  return {
    port,
    host: values.host ?? env.SANDBOX_HOST ?? '127.0.0.1',
    bots,
    users: users.length > 0 ? users : ['Ann'],
    shop: { shopId: shopSpec.slice(0, colon), secretKey: shopSpec.slice(colon + 1) },
    ...(notificationUrl ? { notificationUrl } : {}),
    receiptRequired:
      values['receipt-required'] === true || env.SANDBOX_YOOKASSA_RECEIPT_REQUIRED === '1',
    limits: !(values['no-limits'] === true || env.SANDBOX_TELEGRAM_LIMITS === '0'),
    help: values.help === true,
  };
}
