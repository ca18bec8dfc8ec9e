import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import {
  claimDelivery,
  deliverOnce,
  deliveryKey,
  findDelivery,
  forgetDeliveries,
  markDeliverySent,
  releaseDelivery,
  type SendFailureKind,
} from './index.js';

let tenant: TestTenant;
const NOW = new Date('2030-01-07T06:00:00.000Z');
const now = () => NOW;

beforeAll(async () => {
  tenant = await createTestTenant();
});

afterAll(async () => {
  await tenant.dispose();
});

let counter = 0;
const freshKey = () => deliveryKey('test', ++counter, NOW.toISOString());

/** A send that fails with an error the classifier reads as `kind`. */
const failing = (kind: SendFailureKind) => () => Promise.reject(new Error(kind));
const classify = (error: unknown) => (error as Error).message as SendFailureKind;

describe('claims', () => {
  it('lets exactly one of many concurrent senders claim a message', async () => {
    const key = freshKey();
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimDelivery(tenant.db, key, NOW)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await findDelivery(tenant.db, key)).toMatchObject({ status: 'claimed', attempts: 1 });
  });

  it('claims a released message again, but never a sent one', async () => {
    const key = freshKey();
    expect(await claimDelivery(tenant.db, key, NOW)).toBe(true);
    expect(await releaseDelivery(tenant.db, key, NOW)).toBe(true);
    expect(await claimDelivery(tenant.db, key, NOW)).toBe(true);
    expect(await findDelivery(tenant.db, key)).toMatchObject({ status: 'claimed', attempts: 2 });
    expect(await markDeliverySent(tenant.db, key, NOW)).toBe(true);
    expect(await claimDelivery(tenant.db, key, NOW)).toBe(false);
    // A sent message is not released by a late failure report.
    expect(await releaseDelivery(tenant.db, key, NOW)).toBe(false);
    expect(await findDelivery(tenant.db, key)).toMatchObject({ status: 'sent', finishedAt: NOW });
  });

  it('refuses keys it could not store', () => {
    const invalid = expect.objectContaining({ code: 'VALIDATION' });
    expect(() => deliveryKey('')).toThrow(invalid);
    expect(() => deliveryKey('x', 'y'.repeat(200))).toThrow(invalid);
  });
});

describe('deliverOnce', () => {
  it('sends once however often it is asked', async () => {
    const key = freshKey();
    let sends = 0;
    const send = async () => {
      sends++;
    };
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => deliverOnce(tenant.db, key, send, { now, classify })),
    );
    expect(sends).toBe(1);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'sent']);
    expect((await findDelivery(tenant.db, key))?.status).toBe('sent');
  });

  it('releases a send that provably failed, so the retry sends it', async () => {
    const key = freshKey();
    await expect(deliverOnce(tenant.db, key, failing('failed'), { now, classify })).rejects.toThrow(
      'failed',
    );
    expect((await findDelivery(tenant.db, key))?.status).toBe('released');
    expect(await deliverOnce(tenant.db, key, async () => {}, { now, classify })).toBe('sent');
    expect(await findDelivery(tenant.db, key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps the claim of a send whose outcome is unknown: never twice beats maybe lost', async () => {
    const key = freshKey();
    expect(await deliverOnce(tenant.db, key, failing('unknown'), { now, classify })).toBe(
      'unknown',
    );
    let sends = 0;
    const send = async () => {
      sends++;
    };
    expect(await deliverOnce(tenant.db, key, send, { now, classify })).toBe('duplicate');
    expect(sends).toBe(0);
    expect((await findDelivery(tenant.db, key))?.status).toBe('claimed');
  });

  it('ends a refused message for good', async () => {
    const key = freshKey();
    expect(await deliverOnce(tenant.db, key, failing('refused'), { now, classify })).toBe(
      'refused',
    );
    expect(await deliverOnce(tenant.db, key, async () => {}, { now, classify })).toBe('duplicate');
    expect((await findDelivery(tenant.db, key))?.status).toBe('refused');
  });
});

describe('forgetDeliveries', () => {
  it('forgets the claims taken before an instant, and only those', async () => {
    const old = deliveryKey('old', ++counter);
    const recent = deliveryKey('recent', ++counter);
    await claimDelivery(tenant.db, old, new Date(NOW.getTime() - 31 * 86_400_000));
    await claimDelivery(tenant.db, recent, NOW);
    const forgotten = await forgetDeliveries(tenant.db, new Date(NOW.getTime() - 30 * 86_400_000));
    expect(forgotten).toBe(1);
    expect(await findDelivery(tenant.db, old)).toBeUndefined();
    expect(await findDelivery(tenant.db, recent)).toBeDefined();
  });
});
