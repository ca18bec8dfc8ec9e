import { getTestTenantDeps, randomBotToken, randomId, randomSlug } from '@booking/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendFailureKind } from '../deliveries/index.js';
import type { TenantDeps } from '../tenants/index.js';
import {
  CLI_ACTOR,
  createOwnerBroadcast,
  deleteTenantBy,
  findUnfinishedOwnerBroadcasts,
  type OwnerRecipient,
  provisionTenantBy,
  sendOwnerBroadcast,
} from './index.js';

class DefiniteFailure extends Error {}
const classify = (error: unknown): SendFailureKind =>
  error instanceof DefiniteFailure ? 'failed' : 'unknown';

describe('messages to tenant owners', () => {
  let deps: TenantDeps;
  const marker = `ob${randomId(6)}`;
  const slugs: string[] = [];
  const ownerBase = 600_000_000 + Math.floor(Math.random() * 90_000_000);

  beforeAll(async () => {
    deps = await getTestTenantDeps();
    for (let index = 0; index < 4; index++) {
      const slug = randomSlug();
      slugs.push(slug);
      await provisionTenantBy(deps, CLI_ACTOR, {
        slug,
        botToken: randomBotToken(),
        botUsername: `${marker}_${index}_bot`,
        // The last one has no owner.
        ownerTelegramId: index < 3 ? ownerBase + index : undefined,
      });
    }
  });

  afterAll(async () => {
    for (const slug of slugs) {
      await deleteTenantBy(deps, CLI_ACTOR, slug, slug).catch(() => undefined);
    }
  });

  it('sends each owner the message once across an interrupted run and its resumption', async () => {
    const broadcast = await createOwnerBroadcast(
      deps.db,
      CLI_ACTOR,
      { search: marker },
      { text: ' Hello owners ', chatId: 1, locale: 'en' },
    );
    expect(broadcast).toMatchObject({ text: 'Hello owners', withoutOwner: 1 });
    expect(broadcast.recipients.map((r) => r.ownerTelegramId)).toEqual([
      ownerBase,
      ownerBase + 1,
      ownerBase + 2,
    ]);
    const delivered: number[] = [];
    const send = async (_tenant: unknown, recipient: OwnerRecipient) => {
      delivered.push(recipient.ownerTelegramId);
    };

    // The first run stops after its first owner (its process was asked to stop).
    const stop = new AbortController();
    const stopped = await sendOwnerBroadcast(deps.db, broadcast, {
      now: () => new Date(),
      classify,
      send,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(stopped).toBeUndefined();
    expect(delivered).toEqual([ownerBase]);
    const unfinished = await findUnfinishedOwnerBroadcasts(deps.db);
    const resumed = unfinished.find((each) => each.id === broadcast.id);
    expect(resumed).toEqual({ ...broadcast, createdAt: expect.any(Date) });

    // The resumed run: the second owner's send fails for good, the third's goes.
    const report = await sendOwnerBroadcast(deps.db, resumed ?? broadcast, {
      now: () => new Date(),
      classify,
      send: async (tenant, recipient) => {
        if (recipient.ownerTelegramId === ownerBase + 1) {
          throw new DefiniteFailure('chat not found');
        }
        await send(tenant, recipient);
      },
    });
    expect(report).toEqual({
      sent: 2,
      failed: 1,
      blocked: 0,
      unknown: 0,
      gone: 0,
      withoutOwner: 1,
    });
    expect(delivered).toEqual([ownerBase, ownerBase + 2]);
    expect((await findUnfinishedOwnerBroadcasts(deps.db)).map((each) => each.id)).not.toContain(
      broadcast.id,
    );

    // Run once more (a second replica that resumed it too): nobody gets it again.
    expect(
      await sendOwnerBroadcast(deps.db, broadcast, { now: () => new Date(), classify, send }),
    ).toBeUndefined();
    expect(delivered).toEqual([ownerBase, ownerBase + 2]);
  });

  it('skips a tenant deleted after the broadcast was confirmed', async () => {
    const broadcast = await createOwnerBroadcast(
      deps.db,
      CLI_ACTOR,
      { search: `${marker}_2` },
      { text: 'Bye', chatId: 1, locale: 'en' },
    );
    await deleteTenantBy(deps, CLI_ACTOR, slugs[2] as string, slugs[2] as string);
    const delivered: number[] = [];
    const report = await sendOwnerBroadcast(deps.db, broadcast, {
      now: () => new Date(),
      classify,
      send: async (_tenant, recipient) => {
        delivered.push(recipient.ownerTelegramId);
      },
    });
    expect(report).toMatchObject({ sent: 0, gone: 1 });
    expect(delivered).toEqual([]);
  });
});
