/**
 * Seeds a small business through the public services, for integration tests and
 * benchmarks. Never used by production code.
 */
import { DateTime } from 'luxon';
import { assignService, createService, createSpecialist } from '../catalogue/index.js';
import { upsertClient } from '../clients/index.js';
import type { TenantExecutor } from '../db/index.js';
import { type SettingsPatch, updateSettings } from '../settings/index.js';

/** What {@link seedSalon} created. */
export interface Salon {
  serviceId: number;
  staffIds: number[];
  clientIds: number[];
  timeZone: string;
}

/** Options of {@link seedSalon}. */
export interface SeedOptions {
  specialists?: number;
  clients?: number;
  durationMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  settings?: SettingsPatch;
}

/**
 * One service (60 min by default) performed by `specialists` specialists with the
 * default hours (Mon–Fri 09:00–18:00), and `clients` clients.
 */
export async function seedSalon(db: TenantExecutor, options: SeedOptions = {}): Promise<Salon> {
  const settings = await updateSettings(db, { minNoticeMinutes: 60, ...options.settings });
  const service = await createService(db, {
    name: 'Haircut',
    durationMinutes: options.durationMinutes ?? 60,
    priceMinor: 150_000,
    bufferBeforeMinutes: options.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: options.bufferAfterMinutes ?? 0,
  });
  const staffIds: number[] = [];
  for (let index = 0; index < (options.specialists ?? 2); index += 1) {
    const specialist = await createSpecialist(db, {
      name: `Master ${index + 1}`,
      sortOrder: index,
    });
    await assignService(db, { staffId: specialist.id, serviceId: service.id });
    staffIds.push(specialist.id);
  }
  const clientIds: number[] = [];
  const count = options.clients ?? 3;
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const created = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, (_, offset) =>
        upsertClient(db, {
          telegramUserId: 10_000 + start + offset,
          name: `Client ${start + offset}`,
        }),
      ),
    );
    clientIds.push(...created.map((client) => client.id));
  }
  return { serviceId: service.id, staffIds, clientIds, timeZone: settings.timeZone };
}

/** An instant given as local wall-clock time in `zone`, e.g. `at('2030-01-08T10:00', zone)`. */
export function at(localIso: string, zone: string): Date {
  return DateTime.fromISO(localIso, { zone }).toJSDate();
}
