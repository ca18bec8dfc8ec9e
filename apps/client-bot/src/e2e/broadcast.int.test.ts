import { createBroadcast, createRedis, getBroadcast, getBroadcastCounts } from '@booking/core';
import type { SandboxChat, SandboxUser } from '@booking/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientJobs } from '../jobs/queues.js';
import { type Audience, addAudience } from '../testing/audience.js';
import { type FaultWorld, startFaultWorld, until } from '../testing/fault-world.js';

// 300 clients with the emulator's limits on (30 messages/s per bot, 1/s per chat); 10 of
// them blocked the bot. Timing is the benchmark's (bench/broadcast): this file checks
// counts, no 429 answer, and exactly-once across a kill.
const CLIENTS = 300;
const BLOCKED = 10;
const SEND_CONCURRENCY = 4;

let world: FaultWorld;
let audience: Audience;
let jobs: ClientJobs;
let owner: { user: SandboxUser; chat: SandboxChat };

const too429 = () => world.sandbox.telegram.stats(world.bot).tooManyRequests;

async function confirmBroadcast(text: string) {
  const broadcast = await createBroadcast(
    world.tenantDb,
    { text, createdBy: owner.user.id, chatId: owner.user.id, locale: 'en' },
    'admin:1',
  );
  await jobs.sendBroadcast(world.slug, broadcast.id);
  return broadcast;
}

beforeAll(async () => {
  world = await startFaultWorld(0);
  const ownerUser = world.sandbox.telegram.createUser({ first_name: 'Owner', language_code: 'en' });
  world.sandbox.telegram.sendText(world.bot, ownerUser, 'hi');
  owner = { user: ownerUser, chat: world.sandbox.chat(world.bot, ownerUser) };
  audience = await addAudience(world.sandbox, world.bot, world.tenantDb, {
    count: CLIENTS,
    blocked: BLOCKED,
  });
  const connection = createRedis(world.redis.url, { forBullmq: true });
  connection.on('error', () => undefined);
  jobs = new ClientJobs(connection, world.namespace);
}, 120_000);

afterAll(async () => {
  await jobs?.broadcasts.obliterate({ force: true }).catch(() => undefined);
  await jobs?.close();
  await world?.destroy();
});

describe('a broadcast to 300 clients', () => {
  it('reaches every client once with no 429, and reports what the emulator delivered', async () => {
    const app = await world.startBot({ broadcast: { progressEveryMs: 1_000 } });
    try {
      const broadcast = await confirmBroadcast('Spring sale <b>-20%</b> & more');
      expect(broadcast.total).toBe(CLIENTS);
      const report = await owner.chat.waitFor('Broadcast finished', { timeout: 60_000 });

      const received = audience.received('Spring sale <b>-20%</b> & more');
      const delivered = received.filter((count) => count === 1).length;
      expect(received.every((count) => count <= 1)).toBe(true);
      expect(delivered).toBe(CLIENTS - BLOCKED);
      expect(received.slice(CLIENTS - BLOCKED)).toEqual(Array(BLOCKED).fill(0));
      expect(too429()).toBe(0);
      expect(report.text).toContain(`Delivered: ${delivered}`);
      expect(report.text).toContain(`Blocked the bot: ${BLOCKED}`);
      expect(report.text).toContain('Failed: 0');
      expect(report.text).not.toContain('Unconfirmed');
      // The progress message ends at the total.
      expect(owner.chat.botMessages().some((m) => m.text.includes(`sent to 300 of 300`))).toBe(
        true,
      );
      expect(await getBroadcastCounts(world.tenantDb, broadcast.id)).toEqual({
        pending: 0,
        sent: delivered,
        blocked: BLOCKED,
        failed: 0,
        unknown: 0,
      });
      // The report goes out just before the broadcast is marked done.
      await until(
        async () => (await getBroadcast(world.tenantDb, broadcast.id)).status === 'done',
        5_000,
        'the broadcast to be done',
      );
    } finally {
      await app.stop();
    }
  }, 120_000);

  it('resumes after the process is killed mid-way and sends nobody the message twice', async () => {
    const text = 'Second news';
    const first = world.spawnBot();
    let broadcastId: number;
    try {
      await first.serving();
      broadcastId = (await confirmBroadcast(text)).id;
      await until(
        () => audience.received(text).filter((count) => count > 0).length >= 80,
        60_000,
        '80 clients to get the broadcast',
      );
      await first.kill();
    } finally {
      await first.kill();
    }
    const beforeRestart = audience.received(text).filter((count) => count > 0).length;
    expect(beforeRestart).toBeLessThan(CLIENTS - BLOCKED);

    const second = world.spawnBot();
    try {
      await second.serving();
      // The killed run's lock expires (15 s), then the new process takes the job over.
      await until(
        async () => (await getBroadcast(world.tenantDb, broadcastId)).status === 'done',
        90_000,
        'the broadcast to finish after the restart',
      );
    } finally {
      await second.kill();
    }
    const received = audience.received(text);
    const counts = await getBroadcastCounts(world.tenantDb, broadcastId);
    const emulatorDelivered = received.filter((count) => count === 1).length;
    expect(received.every((count) => count <= 1)).toBe(true);
    expect(counts.pending).toBe(0);
    expect(counts.blocked).toBe(BLOCKED);
    expect(counts.failed).toBe(0);
    // Only the sends in flight at the kill are unconfirmed; each may or may not have
    // arrived, and none was sent again.
    expect(counts.unknown).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(emulatorDelivered).toBeGreaterThanOrEqual(counts.sent);
    expect(emulatorDelivered).toBeLessThanOrEqual(counts.sent + counts.unknown);
    expect(counts.sent + counts.unknown).toBe(CLIENTS - BLOCKED);
    expect(too429()).toBe(0);
    const reports = owner.chat.botMessages().filter((m) => m.text.includes('Broadcast finished'));
    expect(reports).toHaveLength(2);
    expect(reports[1]?.text).toContain(`Delivered: ${counts.sent}`);
  }, 240_000);
});
