import { runClientBot } from '@booking/client-bot/app';
import { seedDemoSalon } from '@booking/client-bot/demo';
import {
  createLogger,
  createRedis,
  deleteKeysMatching,
  getSettings,
  getTenantBotToken,
  upsertClient,
} from '@booking/core';
import {
  createTestTenant,
  getTestRedis,
  getTestTenantDeps,
  randomId,
  TEST_ENCRYPTION_KEY,
  TEST_REDIS_URL,
} from '@booking/core/testing';
import { type Sandbox, startSandbox } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingRound, randomSequence } from './flow.js';

const UNLIMITED = { ratePerSecond: 1_000_000, burst: 1_000_000 };

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ telegram: { limits: false }, waitTimeoutMs: 10_000 });
});
afterAll(async () => {
  await sandbox.stop();
});

/**
 * Runs the benchmark's booking flow, two customers at once (numbered by `customers`,
 * which seeds their choices), one round each, against the demo salon's bot whose clock
 * reads `instant`; resolves with each customer's last answer.
 */
async function runFlowAt(
  instant: string,
  timeZone: string,
  customers: readonly number[],
): Promise<string[]> {
  const offsetMs = Date.parse(instant) - Date.now();
  const now = () => new Date(Date.now() + offsetMs);
  const tenant = await createTestTenant({ timeZone, locale: 'en' });
  const namespace = `bench_flow_${randomId(6)}`;
  await seedDemoSalon(tenant.db);
  const bot = sandbox.telegram.createBot({
    token: await getTenantBotToken(await getTestTenantDeps(), tenant.slug),
  });
  const bullConnection = createRedis(TEST_REDIS_URL, { forBullmq: true });
  const app = await runClientBot({
    slug: tenant.slug,
    db: tenant.rootDb,
    redis: getTestRedis(),
    bullConnection,
    logger: createLogger({ app: 'bench-flow-test', level: 'warn' }),
    encryptionKey: TEST_ENCRYPTION_KEY,
    apiRoot: sandbox.url,
    instanceId: 'bench-flow-test',
    queueNamespace: namespace,
    limits: { perChat: UNLIMITED, perBot: UNLIMITED },
    antiFlood: UNLIMITED,
    pollTimeoutSeconds: 1,
    now,
  });
  try {
    await sandbox.telegram.waitForPolling(bot);
    const options = { now, timeZone, settings: await getSettings(tenant.db) };
    return await Promise.all(
      customers.map(async (index) => {
        const chat = sandbox.chat(
          bot,
          sandbox.telegram.createUser({ first_name: `C${index}`, language_code: 'en' }),
        );
        await upsertClient(tenant.db, {
          telegramUserId: chat.transcript().user.id,
          name: `C${index}`,
          phone: '+79120000000',
          locale: 'en',
        });
        await bookingRound(chat, randomSequence(index), options, `customer ${index}`);
        return chat.last()?.text ?? '';
      }),
    );
  } finally {
    await app.stop();
    await bullConnection.quit();
    await deleteKeysMatching(getTestRedis(), `${namespace}:*`);
    await tenant.dispose();
  }
}

describe("the updates benchmark's booking flow holds at any instant", () => {
  it.each([
    {
      // 15:00 in Moscow: Thursday's and Friday's times are inside the 24-hour cancellation
      // window. Customers 7 and 12 pick the first and the second day offered.
      when: 'on a Thursday at 12:00 UTC',
      instant: '2027-01-07T12:00:00Z',
      timeZone: 'Europe/Moscow',
      customers: [7, 12],
    },
    {
      // The month's last day: its calendar has no free day left.
      when: 'on a Saturday at 23:30 local, the last day of a month',
      instant: '2027-07-31T20:30:00Z',
      timeZone: 'Europe/Moscow',
      customers: [1, 2],
    },
    {
      // 02:30 for the first time; at 03:00 the clocks go back to 02:00.
      when: 'in the night the clocks go back',
      instant: '2027-10-31T00:30:00Z',
      timeZone: 'Europe/Berlin',
      customers: [1, 2],
    },
    {
      // 01:30; at 02:00 the clocks go forward to 03:00.
      when: 'in the night the clocks go forward',
      instant: '2027-03-28T00:30:00Z',
      timeZone: 'Europe/Berlin',
      customers: [1, 2],
    },
  ])('$when', async ({ instant, timeZone, customers }) => {
    const answers = await runFlowAt(instant, timeZone, customers);
    expect(answers).toEqual([
      expect.stringContaining('Your booking was cancelled'),
      expect.stringContaining('Your booking was cancelled'),
    ]);
  });
});
