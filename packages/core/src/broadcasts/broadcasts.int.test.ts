import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditLog } from '../audit/index.js';
import { upsertClient } from '../clients/index.js';
import { findDelivery, type SendFailureKind } from '../deliveries/index.js';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import {
  broadcastDeliveryKey,
  countBroadcastAudience,
  createBroadcast,
  findSendingBroadcasts,
  finishBroadcast,
  getBroadcast,
  getBroadcastCounts,
  listPendingRecipients,
  type PendingRecipient,
  sendToRecipient,
} from './index.js';

const NOW = new Date('2030-01-07T06:00:00.000Z');
const now = () => NOW;
const classify = (error: unknown) => (error as Error).message as SendFailureKind;
const OWNER = 9_000_001;

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
  for (let i = 0; i < 5; i++) {
    await upsertClient(tenant.db, {
      telegramUserId: 7_000_000 + i,
      name: `Client ${i}`,
      phone: null,
      locale: 'ru',
    });
  }
  // A client the business blocked gets no broadcast.
  await tenant.db
    .updateTable('clients')
    .set({ blocked: true })
    .where('telegram_user_id', '=', 7_000_004)
    .execute();
});

afterAll(async () => {
  await tenant.dispose();
});

const newBroadcast = () =>
  createBroadcast(
    tenant.db,
    { text: '  Sale on Friday  ', createdBy: OWNER, chatId: OWNER, locale: 'en' },
    'admin:1',
    NOW,
  );

describe('broadcasts', () => {
  it('fixes its recipients when created, and audits it', async () => {
    expect(await countBroadcastAudience(tenant.db)).toBe(4);
    const broadcast = await newBroadcast();
    expect(broadcast).toMatchObject({ text: 'Sale on Friday', total: 4, status: 'sending' });
    const pending = await listPendingRecipients(tenant.db, broadcast.id);
    expect(pending.map((r) => r.telegramUserId)).toEqual([
      7_000_000, 7_000_001, 7_000_002, 7_000_003,
    ]);
    // A client who arrives later is not added.
    await upsertClient(tenant.db, {
      telegramUserId: 7_000_009,
      name: 'Late',
      phone: null,
      locale: 'en',
    });
    expect(await listPendingRecipients(tenant.db, broadcast.id)).toHaveLength(4);
    const [entry] = await listAuditLog(tenant.db, { target: `broadcast:${broadcast.id}` });
    expect(entry).toMatchObject({
      actor: 'admin:1',
      action: 'broadcast.created',
      details: { recipients: 4 },
    });
    await tenant.db.deleteFrom('clients').where('telegram_user_id', '=', 7_000_009).execute();
  });

  it('refuses an empty or too long text', async () => {
    const invalid = expect.objectContaining({ code: 'VALIDATION' });
    await expect(
      createBroadcast(tenant.db, { text: '   ', createdBy: 1, chatId: 1, locale: 'en' }, 'x'),
    ).rejects.toThrow(invalid);
    await expect(
      createBroadcast(
        tenant.db,
        { text: 'x'.repeat(4097), createdBy: 1, chatId: 1, locale: 'en' },
        'x',
      ),
    ).rejects.toThrow(invalid);
  });

  it('sends each recipient once and records sent, blocked, failed and unknown', async () => {
    const broadcast = await newBroadcast();
    const [a, b, c, d] = (await listPendingRecipients(tenant.db, broadcast.id)) as [
      PendingRecipient,
      PendingRecipient,
      PendingRecipient,
      PendingRecipient,
    ];
    let sends = 0;
    const ok = async () => {
      sends++;
    };
    const failing = (kind: SendFailureKind) => async () => {
      sends++;
      throw new Error(kind);
    };
    const options = { now, classify };
    expect(await sendToRecipient(tenant.db, broadcast.id, a, ok, options)).toBe('sent');
    expect(await sendToRecipient(tenant.db, broadcast.id, b, failing('refused'), options)).toBe(
      'blocked',
    );
    expect(await sendToRecipient(tenant.db, broadcast.id, c, failing('failed'), options)).toBe(
      'failed',
    );
    expect(await sendToRecipient(tenant.db, broadcast.id, d, failing('unknown'), options)).toBe(
      'unknown',
    );
    expect(sends).toBe(4);
    // Asked again (a resumed job), nobody is sent anything twice.
    for (const recipient of [a, b, d]) {
      await sendToRecipient(tenant.db, broadcast.id, recipient, ok, options);
    }
    expect(sends).toBe(4);
    expect(await getBroadcastCounts(tenant.db, broadcast.id)).toEqual({
      pending: 0,
      sent: 1,
      blocked: 1,
      failed: 1,
      unknown: 1,
    });
    expect(await listPendingRecipients(tenant.db, broadcast.id)).toEqual([]);
    expect(await finishBroadcast(tenant.db, broadcast.id, NOW)).toBe(true);
    expect(await finishBroadcast(tenant.db, broadcast.id, NOW)).toBe(false);
    expect((await getBroadcast(tenant.db, broadcast.id)).status).toBe('done');
    expect((await findSendingBroadcasts(tenant.db)).some(({ id }) => id === broadcast.id)).toBe(
      false,
    );
  });

  it('leaves a recipient pending when the service is down, and sends it once it is back', async () => {
    const broadcast = await newBroadcast();
    const [first] = await listPendingRecipients(tenant.db, broadcast.id, { limit: 1 });
    if (!first) {
      throw new Error('no recipient');
    }
    const down = new Error('failed');
    const options = { now, classify, retryLater: (error: unknown) => error === down };
    await expect(
      sendToRecipient(tenant.db, broadcast.id, first, () => Promise.reject(down), options),
    ).rejects.toBe(down);
    expect((await listPendingRecipients(tenant.db, broadcast.id))[0]).toEqual(first);
    let sends = 0;
    const outcome = await sendToRecipient(
      tenant.db,
      broadcast.id,
      first,
      async () => {
        sends++;
      },
      options,
    );
    expect({ outcome, sends }).toEqual({ outcome: 'sent', sends: 1 });
  });

  it('resumes a recipient whose send went out before its outcome was recorded', async () => {
    const broadcast = await newBroadcast();
    const [first] = await listPendingRecipients(tenant.db, broadcast.id, { limit: 1 });
    if (!first) {
      throw new Error('no recipient');
    }
    // A run that died after the send was confirmed but before the recipient was updated.
    const key = broadcastDeliveryKey(broadcast.id, first.clientId);
    await tenant.db
      .insertInto('deliveries')
      .values({ key, status: 'sent', claimed_at: NOW, finished_at: NOW })
      .execute();
    let sends = 0;
    const outcome = await sendToRecipient(
      tenant.db,
      broadcast.id,
      first,
      async () => {
        sends++;
      },
      { now, classify },
    );
    expect({ outcome, sends }).toEqual({ outcome: 'sent', sends: 0 });
    expect(await findDelivery(tenant.db, key)).toMatchObject({ status: 'sent', attempts: 1 });
    const next = await listPendingRecipients(tenant.db, broadcast.id, {
      afterClientId: first.clientId,
    });
    expect(next).toHaveLength(3);
  });
});
