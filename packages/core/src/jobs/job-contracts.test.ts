import { describe, expect, it } from 'vitest';
import {
  BillingNoticeJobSchema,
  BillingSweepJobSchema,
  billingNoticeJobId,
  RenewalChargeJobSchema,
  renewalChargeJobId,
  YookassaNotificationJobSchema,
  yookassaNotificationJobId,
} from './billing-jobs.js';
import {
  AdminEventJobSchema,
  type DeliveryJob,
  DeliveryJobSchema,
  deliveryJobId,
  JOB_NAMES,
  OfferJobSchema,
  VisitJobSchema,
  WaitlistPassJobSchema,
} from './job-contracts.js';

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
});

describe('visit, notification and waitlist jobs', () => {
  const visit = { tenant: 'acme_salon', bookingId: 42, startsAt: confirmation.startsAt };
  const event = { tenant: 'acme_salon', kind: 'cancelled', bookingId: 42, by: 'staff' };

  it('accept what the bots enqueue', () => {
    expect(VisitJobSchema.parse({ ...visit, offsetMinutes: 120 })).toEqual({
      ...visit,
      offsetMinutes: 120,
    });
    expect(VisitJobSchema.parse(visit)).toEqual(visit);
    expect(AdminEventJobSchema.parse(event)).toEqual(event);
    expect(OfferJobSchema.parse({ tenant: 'acme_salon', entryId: 7 })).toEqual({
      tenant: 'acme_salon',
      entryId: 7,
    });
    expect(WaitlistPassJobSchema.parse({ tenant: 'acme_salon' })).toEqual({
      tenant: 'acme_salon',
    });
  });

  it('refuse a payload without a valid tenant or with a malformed field', () => {
    expect(VisitJobSchema.safeParse({ ...visit, tenant: 'Bad-Slug' }).success).toBe(false);
    expect(VisitJobSchema.safeParse({ ...visit, startsAt: 'tomorrow' }).success).toBe(false);
    expect(AdminEventJobSchema.safeParse({ ...event, kind: 'moved' }).success).toBe(false);
    expect(OfferJobSchema.safeParse({ tenant: 'acme_salon', entryId: '7' }).success).toBe(false);
    expect(WaitlistPassJobSchema.safeParse({}).success).toBe(false);
  });
});

describe('billing jobs', () => {
  it('carry an event and object id only, and make one job of identical notifications', () => {
    const job = YookassaNotificationJobSchema.parse({
      event: 'payment.succeeded',
      objectId: '2f0c8c4a-000f-5000-8000-1b1b1b1b1b1b',
    });
    expect(yookassaNotificationJobId(job)).toBe(
      'yookassa-payment-succeeded-2f0c8c4a-000f-5000-8000-1b1b1b1b1b1b',
    );
    expect(
      YookassaNotificationJobSchema.safeParse({ event: 'payment.created', objectId: 'x' }).success,
    ).toBe(false);
    expect(
      YookassaNotificationJobSchema.safeParse({ event: 'refund.succeeded', objectId: 'a:b' })
        .success,
    ).toBe(false);
  });

  it('key a renewal by subscription and period, and a notice by its delivery key', () => {
    const renewal = RenewalChargeJobSchema.parse({
      subscriptionId: 7,
      periodEnd: '2026-12-20T10:00:00.000Z',
    });
    expect(renewalChargeJobId(renewal)).toBe(`renewal-7-${Date.parse('2026-12-20T10:00:00Z')}`);
    const notice = BillingNoticeJobSchema.parse({
      tenant: 'acme_salon',
      subscriptionId: 7,
      kind: 'renewal-failed',
      paidUntil: '2026-12-20T10:00:00.000Z',
      failure: 'card_expired',
      deliveryKey: 'billing:renewal-failed:7:2026-12-20T10:00:00.000Z',
    });
    expect(billingNoticeJobId(notice)).not.toContain(':');
    expect(BillingNoticeJobSchema.safeParse({ ...notice, kind: 'expiry-2' }).success).toBe(false);
    expect(BillingSweepJobSchema.parse({})).toEqual({});
    expect(JOB_NAMES.billing.notification).toBe('yookassa-notification');
  });
});
