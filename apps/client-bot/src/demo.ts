import { type BotLocale, isBotLocale } from '@booking/bot-kit';
import {
  assignService,
  createService,
  createSpecialist,
  getSettings,
  listServices,
  type TenantExecutor,
  updateSettings,
} from '@booking/core';

/** What {@link seedDemoSalon} created. */
export interface DemoSalon {
  serviceIds: number[];
  staffIds: number[];
}

/** The words of the demo salon in one language. */
interface DemoWords {
  businessName: string;
  businessAddress: string;
  /** Name and description of each service, in the order of {@link SERVICES}. */
  services: Array<[name: string, description: string]>;
  /** Name and bio of each specialist, in the order of {@link SPECIALISTS}. */
  specialists: Array<[name: string, bio: string]>;
}

// A salon in Moscow, as its customers would read it in each language the bot speaks.
const WORDS: Record<BotLocale, DemoWords> = {
  ru: {
    businessName: 'Салон «Аврора»',
    businessAddress: 'Тверская ул., 1, Москва',
    services: [
      ['Женская стрижка', 'Мытьё, стрижка и укладка'],
      ['Мужская стрижка', 'Машинка и ножницы'],
      ['Окрашивание', 'В один тон, с укладкой'],
      ['Маникюр', 'Классический, с гель-лаком'],
      ['Стрижка бороды', 'Форма и горячее полотенце'],
    ],
    specialists: [
      ['Анна', 'Стилист, стаж 10 лет'],
      ['Борис', 'Барбер'],
      ['Кармен', 'Мастер маникюра'],
    ],
  },
  en: {
    businessName: 'Salon Aurora',
    businessAddress: 'Tverskaya 1, Moscow',
    services: [
      ["Women's haircut", 'Wash, cut and styling'],
      ["Men's haircut", 'Clipper and scissors'],
      ['Colouring', 'One tone, includes styling'],
      ['Manicure', 'Classic with gel polish'],
      ['Beard trim', 'Shape and hot towel'],
    ],
    specialists: [
      ['Anna', 'Stylist, 10 years'],
      ['Boris', 'Barber'],
      ['Carmen', 'Nail artist'],
    ],
  },
  es: {
    businessName: 'Salón Aurora',
    businessAddress: 'Calle Tverskaya 1, Moscú',
    services: [
      ['Corte de mujer', 'Lavado, corte y peinado'],
      ['Corte de hombre', 'Máquina y tijera'],
      ['Coloración', 'Un tono, peinado incluido'],
      ['Manicura', 'Clásica con esmalte de gel'],
      ['Arreglo de barba', 'Perfilado y toalla caliente'],
    ],
    specialists: [
      ['Ana', 'Estilista, 10 años de experiencia'],
      ['Boris', 'Barbero'],
      ['Carmen', 'Manicurista'],
    ],
  },
};

/** Duration, price and buffer of each service, whatever the language. */
const SERVICES = [
  { durationMinutes: 60, priceMinor: 250_000 },
  { durationMinutes: 30, priceMinor: 120_000 },
  { durationMinutes: 120, priceMinor: 600_000, bufferAfterMinutes: 15 },
  { durationMinutes: 90, priceMinor: 220_000 },
  { durationMinutes: 30, priceMinor: 80_000 },
];

const WEEKDAY = [
  { start: '10:00', end: '14:00' },
  { start: '15:00', end: '20:00' },
];

/** Hours and services (indexes into {@link SERVICES}) of each specialist. */
const SPECIALISTS = [
  {
    hours: { '1': WEEKDAY, '2': WEEKDAY, '3': WEEKDAY, '4': WEEKDAY, '5': WEEKDAY },
    services: [0, 2],
  },
  {
    hours: {
      '2': [{ start: '09:00', end: '18:00' }],
      '3': [{ start: '09:00', end: '18:00' }],
      '4': [{ start: '09:00', end: '18:00' }],
      '5': [{ start: '09:00', end: '18:00' }],
      '6': [{ start: '10:00', end: '16:00' }],
    },
    services: [1, 4],
  },
  {
    hours: {
      '1': [{ start: '09:00', end: '17:00' }],
      '3': [{ start: '09:00', end: '17:00' }],
      '5': [{ start: '09:00', end: '17:00' }],
      '6': [{ start: '11:00', end: '17:00' }],
    },
    services: [0, 3],
  },
];

/**
 * Fills an empty tenant with a small salon: five services, three specialists with
 * their own hours and services, business name and contacts, all named in the tenant's
 * default language (English when the bot does not speak it). Does nothing to a tenant
 * that has services already.
 */
export async function seedDemoSalon(db: TenantExecutor): Promise<DemoSalon | undefined> {
  if ((await listServices(db, { includeInactive: true })).length > 0) {
    return undefined;
  }
  const { defaultLocale } = await getSettings(db);
  const words = WORDS[isBotLocale(defaultLocale) ? defaultLocale : 'en'];
  await updateSettings(db, {
    businessName: words.businessName,
    businessAddress: words.businessAddress,
    businessPhone: '+7 495 000-00-00',
    minNoticeMinutes: 60,
  });
  const serviceIds: number[] = [];
  for (const [index, service] of SERVICES.entries()) {
    const [name, description] = words.services[index] as [string, string];
    serviceIds.push(
      (await createService(db, { ...service, name, description, sortOrder: index })).id,
    );
  }
  const staffIds: number[] = [];
  for (const [index, specialist] of SPECIALISTS.entries()) {
    const [name, bio] = words.specialists[index] as [string, string];
    const created = await createSpecialist(
      db,
      { name, bio, sortOrder: index },
      { weeklyHours: specialist.hours },
    );
    staffIds.push(created.id);
    for (const serviceIndex of specialist.services) {
      await assignService(db, {
        staffId: created.id,
        serviceId: serviceIds[serviceIndex] as number,
      });
    }
  }
  return { serviceIds, staffIds };
}
