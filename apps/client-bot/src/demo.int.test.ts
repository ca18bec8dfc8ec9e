import { getSettings, listServices, listSpecialists } from '@booking/core';
import { createTestTenant } from '@booking/core/testing';
import { describe, expect, it } from 'vitest';
import { seedDemoSalon } from './demo.js';

describe('seedDemoSalon', () => {
  it.each([
    ['ru', 'Салон «Аврора»', 'Мужская стрижка', 'Борис'],
    ['en', 'Salon Aurora', "Men's haircut", 'Boris'],
    ['es', 'Salón Aurora', 'Corte de hombre', 'Boris'],
  ] as const)(
    'names the salon in its %s-speaking tenant’s language',
    async (locale, business, service, specialist) => {
      const tenant = await createTestTenant({ timeZone: 'Europe/Moscow', locale });
      try {
        const seeded = await seedDemoSalon(tenant.db);
        expect(seeded?.serviceIds).toHaveLength(5);
        expect((await getSettings(tenant.db)).businessName).toBe(business);
        const services = await listServices(tenant.db);
        const specialists = await listSpecialists(tenant.db);
        expect(services.map((item) => item.name)).toContain(service);
        expect(specialists.map((item) => item.name)).toContain(specialist);
        if (locale === 'ru') {
          // Nothing a Russian-speaking customer reads is left in Latin letters.
          const words = [...services, ...specialists].flatMap((item) => [
            item.name,
            'description' in item ? item.description : item.bio,
          ]);
          expect(words.filter((word) => /[A-Za-z]/.test(word ?? ''))).toEqual([]);
        }
        // A second run changes nothing.
        expect(await seedDemoSalon(tenant.db)).toBeUndefined();
      } finally {
        await tenant.dispose();
      }
    },
  );
});
