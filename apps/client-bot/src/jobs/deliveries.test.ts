import { describe, expect, it } from 'vitest';
import { type DeliveryJob, DeliveryJobSchema, deliveryJobId } from './deliveries.js';
import { deliveryBackoffMs } from './delivery-worker.js';

const confirmation: DeliveryJob = {
  kind: 'confirmation',
  tenant: 'acme_salon',
  bookingId: 42,
  startsAt: '2026-12-15T11:00:00.000Z',
  variant: 'booked',
  chatId: 1001,
  messageId: 7,
  locale: 'en',
};

const notice: DeliveryJob = {
  kind: 'admin-notice',
  tenant: 'acme_salon',
  eventId: '19',
  chatId: 2002,
  event: {
    kind: 'rescheduled',
    bookingId: 42,
    by: 'client',
    previousStartsAt: confirmation.startsAt,
  },
};

describe('delivery jobs', () => {
  it('accept ids and facts only, naming their tenant', () => {
    expect(DeliveryJobSchema.parse(confirmation)).toEqual(confirmation);
    expect(DeliveryJobSchema.parse(notice)).toEqual(notice);
    expect(DeliveryJobSchema.safeParse({ ...confirmation, tenant: 'Bad-Slug' }).success).toBe(
      false,
    );
    expect(DeliveryJobSchema.safeParse({ ...confirmation, locale: 'de' }).success).toBe(false);
    const { tenant: _tenant, ...withoutTenant } = notice;
    expect(DeliveryJobSchema.safeParse(withoutTenant).success).toBe(false);
  });

  it('have one id per booking and start, or per change and admin, without colons', () => {
    expect(deliveryJobId(confirmation)).toBe(deliveryJobId({ ...confirmation, messageId: 8 }));
    expect(deliveryJobId(confirmation)).not.toBe(
      deliveryJobId({ ...confirmation, startsAt: '2026-12-15T12:00:00.000Z' }),
    );
    expect(deliveryJobId(notice)).not.toBe(deliveryJobId({ ...notice, chatId: 2003 }));
    expect(deliveryJobId(notice)).not.toBe(deliveryJobId({ ...notice, eventId: '20' }));
    for (const job of [confirmation, notice]) {
      expect(deliveryJobId(job)).not.toContain(':');
    }
  });

  it('wait longer after each failed attempt, up to the longest wait', () => {
    const backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((made) => deliveryBackoffMs(made, backoff))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
