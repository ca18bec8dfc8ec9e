import { describe, expect, it } from 'vitest';
import {
  AdminEventJobSchema,
  type DeliveryJob,
  DeliveryJobSchema,
  deliveryJobId,
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
