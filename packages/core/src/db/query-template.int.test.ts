import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../catalogue/index.js';
import { createTestTenant, type TestTenant } from '../testing/index.js';
import { QueryTemplate } from './query-template.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant();
  await createService(tenant.db, { name: 'Cut', durationMinutes: 30, priceMinor: 1000 });
  await createService(tenant.db, {
    name: "Men's cut",
    durationMinutes: 45,
    priceMinor: 1500,
    description: "it's $1 off",
  });
  await createService(tenant.db, { name: 'Colour', durationMinutes: 90, priceMinor: 5000 });
});

afterAll(async () => {
  await tenant.dispose();
});

const SERVICES = new QueryTemplate(
  (db, shape: { longOnly: boolean }, values: { minPrice: number; exceptName: string }) =>
    db
      .selectFrom('services')
      .select(['services.name', sql<string>`'$1 stays text'`.as('quoted')])
      .where('services.price_minor', '>=', values.minPrice)
      .where('services.name', '<>', values.exceptName)
      // Constants of the shape: inlined as literals, one with a quote to escape.
      .where('services.description', '<>', "it's $1 off")
      .where('services.active', '=', true)
      .$if(shape.longOnly, (qb) => qb.where('services.duration_minutes', '>', 60))
      .orderBy('services.price_minor')
      .limit(10),
);

describe('QueryTemplate', () => {
  it('sends only the values as parameters and writes the constants into the text', async () => {
    const { rows, statement } = await tenant.db.transaction().execute(async (trx) => {
      const found = await SERVICES.execute(
        trx,
        { longOnly: false },
        { minPrice: 500, exceptName: 'Nobody' },
      );
      // Prepared statements are per connection: the transaction's is the one used.
      const prepared = await sql<{ statement: string; parameter_types: string }>`
        select statement, parameter_types::text from pg_prepared_statements
        where statement like '%$1 stays text%'`.execute(trx);
      return { rows: found, statement: prepared.rows[0] };
    });
    expect(rows).toEqual([
      { name: 'Cut', quoted: '$1 stays text' },
      { name: 'Colour', quoted: '$1 stays text' },
    ]);
    expect(statement?.statement).toContain(`"description" <> 'it''s $1 off'`);
    expect(statement?.statement).toContain('"active" = true');
    expect(statement?.statement).toContain('limit 10');
    // Two parameters, the two values, numbered from one.
    expect(statement?.statement).toContain('"price_minor" >= $1');
    expect(statement?.statement).toContain('"name" <> $2');
    expect(statement?.parameter_types).toBe('{bigint,text}');
  });

  it('runs each shape with fresh values', async () => {
    const long = await SERVICES.execute(
      tenant.db,
      { longOnly: true },
      { minPrice: 0, exceptName: 'Cut' },
    );
    expect(long.map((row) => row.name)).toEqual(['Colour']);
    const cheap = await SERVICES.execute(
      tenant.db,
      { longOnly: false },
      { minPrice: 0, exceptName: 'Colour' },
    );
    expect(cheap.map((row) => row.name)).toEqual(['Cut']);
  });

  it('refuses a constant that has no safe literal form', async () => {
    const template = new QueryTemplate((db, _shape: null, _values: object) =>
      db.selectFrom('services').select('name').where('created_at', '<', new Date(0)),
    );
    await expect(template.execute(tenant.db, null, {})).rejects.toThrow(
      /must be a string, a finite number or a boolean/,
    );
  });
});
