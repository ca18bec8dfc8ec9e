import {
  assignService,
  createService,
  createSpecialist,
  listServices,
  type TenantExecutor,
  updateSettings,
} from '@booking/core';

/** What {@link seedDemoSalon} created. */
export interface DemoSalon {
  serviceIds: number[];
  staffIds: number[];
}

/**
 * Fills an empty tenant with a small salon: five services, three specialists with
 * their own hours and services, business name and contacts. Does nothing to a tenant
 * that has services already.
 */
export async function seedDemoSalon(db: TenantExecutor): Promise<DemoSalon | undefined> {
  if ((await listServices(db, { includeInactive: true })).length > 0) {
    return undefined;
  }
  await updateSettings(db, {
    businessName: 'Salon Aurora',
    businessAddress: 'Tverskaya 1, Moscow',
    businessPhone: '+7 495 000-00-00',
    minNoticeMinutes: 60,
  });
  const services = [
    {
      name: "Women's haircut",
      description: 'Wash, cut and styling',
      durationMinutes: 60,
      priceMinor: 250_000,
    },
    {
      name: "Men's haircut",
      description: 'Clipper and scissors',
      durationMinutes: 30,
      priceMinor: 120_000,
    },
    {
      name: 'Colouring',
      description: 'One tone, includes styling',
      durationMinutes: 120,
      priceMinor: 600_000,
      bufferAfterMinutes: 15,
    },
    {
      name: 'Manicure',
      description: 'Classic with gel polish',
      durationMinutes: 90,
      priceMinor: 220_000,
    },
    {
      name: 'Beard trim',
      description: 'Shape and hot towel',
      durationMinutes: 30,
      priceMinor: 80_000,
    },
  ];
  const serviceIds: number[] = [];
  for (const [index, service] of services.entries()) {
    serviceIds.push((await createService(db, { ...service, sortOrder: index })).id);
  }
  const weekdays = {
    '1': [
      { start: '10:00', end: '14:00' },
      { start: '15:00', end: '20:00' },
    ],
  };
  const specialists = [
    {
      name: 'Anna',
      bio: 'Stylist, 10 years',
      hours: {
        ...weekdays,
        '2': weekdays['1'],
        '3': weekdays['1'],
        '4': weekdays['1'],
        '5': weekdays['1'],
      },
      services: [0, 2],
    },
    {
      name: 'Boris',
      bio: 'Barber',
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
      name: 'Carmen',
      bio: 'Nail artist',
      hours: {
        '1': [{ start: '09:00', end: '17:00' }],
        '3': [{ start: '09:00', end: '17:00' }],
        '5': [{ start: '09:00', end: '17:00' }],
        '6': [{ start: '11:00', end: '17:00' }],
      },
      services: [0, 3],
    },
  ];
  const staffIds: number[] = [];
  for (const [index, specialist] of specialists.entries()) {
    const created = await createSpecialist(
      db,
      { name: specialist.name, bio: specialist.bio, sortOrder: index },
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
