import { assertValidSlug, queuePrefix } from '@booking/core';
import { describe, expect, it } from 'vitest';
import { devNamespace } from './dev-namespace.js';

const url = (database: string) => `postgres://postgres@127.0.0.1:5432/${database}`;

describe('devNamespace', () => {
  it('derives the slug, queue namespace and user ids from the database name', () => {
    const mine = devNamespace(url('booking_dev'));
    expect(mine).toMatchObject({
      name: 'booking_dev',
      slug: 'demo_booking_dev',
      queueNamespace: 'dev_booking_dev',
    });
    // The same database: the same values after a restart.
    expect(devNamespace(url('booking_dev'))).toEqual(mine);
    const theirs = devNamespace(url('booking_dev_ann'));
    expect(theirs.slug).not.toBe(mine.slug);
    expect(theirs.queueNamespace).not.toBe(mine.queueNamespace);
    expect(Object.values(theirs.userIds)).not.toEqual(Object.values(mine.userIds));
    expect(new Set(Object.values(mine.userIds)).size).toBe(5);
  });

  it('takes DEV_NAMESPACE over the database name', () => {
    expect(devNamespace(url('booking_dev'), 'olga')).toMatchObject({
      slug: 'demo_olga',
      queueNamespace: 'dev_olga',
    });
  });

  it('turns any database name into a valid slug and queue namespace, keeping names apart', () => {
    const names = [
      'Booking-Dev',
      'booking_dev',
      'a-b',
      'a_b',
      'x'.repeat(63),
      'тест',
      'x'.repeat(62),
    ];
    const derived = names.map((name) => devNamespace(url(encodeURIComponent(name))));
    for (const value of derived) {
      expect(() => assertValidSlug(value.slug)).not.toThrow();
      expect(() => queuePrefix(value.queueNamespace)).not.toThrow();
    }
    expect(new Set(derived.map((value) => value.slug)).size).toBe(names.length);
  });
});
