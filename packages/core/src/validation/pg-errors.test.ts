import { describe, expect, it } from 'vitest';
import { pgErrorFacts } from './pg-errors.js';

// Shapes of the errors pg hands over, as seen on plain Postgres 15 and through a Citus
// 13.2 coordinator (see docs/scaling.md).
describe('pgErrorFacts', () => {
  it.each([
    [
      'plain Postgres exclusion',
      {
        code: '23P01',
        constraint: 'bookings_no_overlap',
        message: 'conflicting key value violates exclusion constraint "bookings_no_overlap"',
      },
      { code: '23P01', constraint: 'bookings_no_overlap' },
    ],
    [
      'plain Postgres keeps a constraint name that ends in digits',
      {
        code: '23505',
        constraint: 'plans_v_2',
        message: 'duplicate key value violates unique constraint "plans_v_2"',
      },
      { code: '23505', constraint: 'plans_v_2' },
    ],
    [
      'Citus router write: shard suffix, no constraint field',
      {
        code: '23P01',
        message:
          'conflicting key value violates exclusion constraint "bookings_client_no_overlap_104367"',
      },
      { code: '23P01', constraint: 'bookings_client_no_overlap' },
    ],
    [
      'Citus INSERT … SELECT: XX000 relaying an exclusion violation',
      {
        code: 'XX000',
        message: 'conflicting key value violates exclusion constraint "bookings_no_overlap_102018"',
      },
      { code: '23P01', constraint: 'bookings_no_overlap' },
    ],
    [
      'Citus INSERT … SELECT: XX000 relaying a duplicate',
      {
        code: 'XX000',
        message:
          'duplicate key value violates unique constraint "clients_telegram_user_id_key_102011"',
      },
      { code: '23505', constraint: 'clients_telegram_user_id_key' },
    ],
    [
      'Citus relayed foreign key violation',
      {
        code: 'XX000',
        message:
          'insert or update on table "bookings_102018" violates foreign key constraint "bookings_staff_id_fkey_102018"',
      },
      { code: '23503', constraint: 'bookings_staff_id_fkey' },
    ],
    [
      'an XX000 that relays no violation stays XX000',
      { code: 'XX000', message: 'could not connect to the worker' },
      { code: 'XX000', constraint: undefined },
    ],
  ])('%s', (_name, error, expected) => {
    expect(pgErrorFacts(Object.assign(new Error(error.message), error))).toEqual(expected);
  });

  it('is undefined for what is not a Postgres error', () => {
    expect(pgErrorFacts(new Error('boom'))).toBeUndefined();
    expect(pgErrorFacts({ code: 'ECONNREFUSED' })).toBeUndefined();
    expect(pgErrorFacts(null)).toBeUndefined();
  });
});
