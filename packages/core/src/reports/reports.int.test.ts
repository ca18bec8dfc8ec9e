import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookAppointment,
  cancelBooking,
  completeBooking,
  leaveFeedback,
  markNoShow,
} from '../booking/index.js';
import { at, type Salon, seedSalon } from '../booking/test-fixtures.js';
import { updateClient } from '../clients/index.js';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import {
  csvField,
  exportBookingsCsv,
  exportBookingsCsvFile,
  getBookingStatistics,
} from './index.js';

const ZONE = 'Europe/Moscow';
const NOW = at('2030-04-01T08:00', ZONE);
const system = { kind: 'system', name: 'test' } as const;

let tenant: TestTenant;
let salon: Salon;

beforeAll(async () => {
  tenant = await createTestTenant();
  salon = await seedSalon(tenant.db, { specialists: 1, clients: 4 });
  const [a, b, c, d] = salon.clientIds as [number, number, number, number];
  await updateClient(tenant.db, d, { name: '=HYPERLINK("x")', phone: '+7 900 000-00-00' });
  const book = (clientId: number, local: string, comment = '') =>
    bookAppointment(
      tenant.db,
      {
        clientId,
        serviceId: salon.serviceId,
        staffId: salon.staffIds[0] as number,
        startsAt: at(local, ZONE),
        comment,
      },
      { now: NOW, actor: system },
    );
  const done = await book(a, '2030-04-01T10:00', 'first, "visit"');
  const missed = await book(b, '2030-04-01T12:00');
  const cancelled = await book(c, '2030-04-02T10:00');
  await book(d, '2030-04-02T12:00');
  await book(a, '2030-04-05T10:00');
  const later = at('2030-04-01T13:00', ZONE);
  await completeBooking(tenant.db, { bookingId: done.id, actor: system, now: later });
  await markNoShow(tenant.db, { bookingId: missed.id, actor: system, now: later });
  await cancelBooking(tenant.db, {
    bookingId: cancelled.id,
    actor: { kind: 'client', clientId: c },
    now: NOW,
  });
  await leaveFeedback(
    tenant.db,
    { bookingId: done.id, clientId: a, rating: 4, comment: 'nice' },
    later,
  );
});

afterAll(async () => {
  await tenant.dispose();
});

describe('reports', () => {
  it('counts bookings per day, by outcome, with revenue and rating', async () => {
    const stats = await getBookingStatistics(tenant.db, { from: '2030-04-01', to: '2030-04-03' });
    expect(stats).toEqual({
      from: '2030-04-01',
      to: '2030-04-03',
      total: 4,
      perDay: [
        { date: '2030-04-01', bookings: 2 },
        { date: '2030-04-02', bookings: 2 },
        { date: '2030-04-03', bookings: 0 },
      ],
      confirmed: 1,
      completed: 1,
      cancellations: 1,
      noShows: 1,
      noShowRate: 0.5,
      revenueMinor: { RUB: 150_000 },
      expectedRevenueMinor: { RUB: 150_000 },
      topServices: [
        { serviceId: salon.serviceId, name: 'Haircut', bookings: 3, revenueMinor: 450_000 },
      ],
      topSpecialists: [
        { staffId: salon.staffIds[0], name: 'Master 1', bookings: 3, revenueMinor: 450_000 },
      ],
      clients: 3,
      returningShare: 0,
      averageRating: 4,
      ratings: 1,
    });
  });

  it('counts a client who came before the period as returning', async () => {
    // Client 0 visited on April 1 and booked again for April 5.
    const stats = await getBookingStatistics(tenant.db, { from: '2030-04-05', to: '2030-04-05' });
    expect(stats).toMatchObject({ total: 1, clients: 1, returningShare: 1, noShowRate: null });
    const all = await getBookingStatistics(tenant.db, { from: '2030-04-01', to: '2030-04-30' });
    // Over the whole month client 0 is new: their first visit of the period is their first.
    expect(all).toMatchObject({ clients: 3, returningShare: 0 });
    const empty = await getBookingStatistics(tenant.db, { from: '2031-01-01', to: '2031-01-31' });
    expect(empty).toMatchObject({ total: 0, clients: 0, returningShare: null, noShowRate: null });
  });

  it('exports a UTF-8 file with a byte order mark, Cyrillic intact', async () => {
    await updateClient(tenant.db, salon.clientIds[1] as number, { name: 'Иван Петров' });
    const file = await exportBookingsCsvFile(tenant.db, { from: '2030-04-01', to: '2030-04-01' });
    expect(file.fileName).toBe('bookings_2030-04-01_2030-04-01.csv');
    expect(file.rows).toBe(2);
    expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.content);
    expect(text.startsWith('\uFEFFid,date,')).toBe(true);
    expect(text).toContain(',Иван Петров,');
  });

  it('exports a CSV a spreadsheet opens safely', async () => {
    const csv = await exportBookingsCsv(tenant.db, { from: '2030-04-01', to: '2030-04-02' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      'id,date,start,end,service,specialist,client,client_phone,client_telegram_id,status,price,currency,comment,cancelled_at,cancel_reason',
    );
    expect(lines[1]).toContain(
      ',2030-04-01,10:00,11:00,Haircut,Master 1,Client 0,,10000,completed,1500.00,RUB,"first, ""visit""",,',
    );
    expect(lines[3]).toContain(',cancelled,');
    expect(lines[4]).toContain(`,"'=HYPERLINK(""x"")",'+79000000000,`);
  });

  it('escapes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });
});
