/**
 * One contender of the cross-process booking race in `concurrency.int.test.ts`:
 * books one slot for each given client at once and prints how it went as JSON.
 *
 *   tsx book-race.ts <database url> <schema> <serviceId> <staffId> <startsAt> <now> <clientIds,...>
 */
import { createDb, tenantDb } from '../../db/index.js';
import { isAppError } from '../../errors/index.js';
import { bookAppointment } from '../index.js';

const [url, schema, serviceId, staffId, startsAt, now, clientIds] = process.argv.slice(2);
if (clientIds === undefined) {
  throw new Error(
    'usage: book-race.ts <url> <schema> <serviceId> <staffId> <startsAt> <now> <clientIds>',
  );
}
const db = createDb({
  connectionString: url as string,
  maxConnections: 10,
  applicationName: 'book-race',
});
try {
  const tenant = tenantDb(db, schema as string);
  const outcomes = await Promise.all(
    clientIds.split(',').map((clientId) =>
      bookAppointment(
        tenant,
        {
          clientId: Number(clientId),
          serviceId: Number(serviceId),
          staffId: Number(staffId),
          startsAt: new Date(startsAt as string),
        },
        { now: new Date(now as string) },
      ).then(
        () => 'booked',
        (error: unknown) => (isAppError(error) ? error.code : String(error)),
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  process.stdout.write(`${JSON.stringify(counts)}\n`);
} finally {
  await db.destroy();
}
