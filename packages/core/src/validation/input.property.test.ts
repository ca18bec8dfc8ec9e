import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listDates } from '../booking/availability.js';
import {
  AvailabilityQuerySchema,
  BookInputSchema,
  FeedbackInputSchema,
  JoinWaitlistInputSchema,
} from '../booking/booking.js';
import { addDays } from '../booking/local-time.js';
import { BlockedPeriodInputSchema, DateOverrideInputSchema } from '../catalogue/catalogue.js';
import { ClientInputSchema, ClientPatchSchema } from '../clients/clients.js';
import { AppError } from '../errors/index.js';
import { ReportPeriodSchema } from '../reports/reports.js';
import { DayIntervalsSchema, minutesOfDay, TimeOfDaySchema } from '../settings/settings.js';
import { anyText, invisibleText, withInserted } from '../testing/arbitraries.js';
import { LocalDateSchema } from './dates.js';
import { isPersonName, personNameSchema, withoutControlCharacters } from './text.js';
import { parseInput } from './validation.js';

/** Runs `parse`; only a `VALIDATION` AppError may come out of it. */
function parsedOrRefused<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return undefined;
  }
}

const CONTROL = /[\p{Cc}\p{Cs}]/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A field value as a JSON body or a careless caller may give it. */
const anyValue = fc.oneof(
  anyText(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, '', 'any', '2030-01-07', '2030-02-29', '24:00'),
  fc.date({ noInvalidDate: false }),
  fc.anything(),
);

/** Mostly a valid value, so that the other fields get checked too; sometimes anything. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
}

const id = mostly(fc.integer({ min: 1, max: 2 ** 31 - 1 }));

/** An ISO-looking date, valid or not. */
const dateLike = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(
      ([year, month, day]) =>
        `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    ),
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  anyText(12),
);

describe('core input schemas under any input', () => {
  const schemas: Array<[string, z.ZodType, fc.Arbitrary<Record<string, unknown>>]> = [
    [
      'client',
      ClientInputSchema,
      fc.record({
        telegramUserId: id,
        name: anyText(),
        phone: mostly(fc.constantFrom('+79120000000', null)),
        locale: mostly(fc.constant('en')),
      }),
    ],
    ['client patch', ClientPatchSchema, fc.record({ name: anyText(), phone: anyText(30) })],
    [
      'booking',
      BookInputSchema,
      fc.record({
        clientId: id,
        serviceId: id,
        staffId: mostly(fc.constantFrom(1, 'any')),
        startsAt: mostly(fc.date()),
        comment: anyText(),
      }),
    ],
    [
      'feedback',
      FeedbackInputSchema,
      fc.record({
        bookingId: id,
        clientId: id,
        rating: mostly(fc.integer({ min: 1, max: 5 })),
        comment: anyText(),
      }),
    ],
    [
      'availability query',
      AvailabilityQuerySchema,
      fc.record({
        serviceId: id,
        staffId: mostly(fc.constant('any')),
        from: dateLike,
        to: dateLike,
      }),
    ],
    [
      'waitlist',
      JoinWaitlistInputSchema,
      fc.record({ clientId: id, serviceId: id, dateFrom: dateLike, dateTo: dateLike }),
    ],
    [
      'date override',
      DateOverrideInputSchema,
      fc.record({
        staffId: mostly(fc.constant(null)),
        date: dateLike,
        intervals: mostly(fc.constant([{ start: '09:00', end: '18:00' }])),
        note: anyText(),
      }),
    ],
    [
      'blocked period',
      BlockedPeriodInputSchema,
      fc.record({
        staffId: mostly(fc.constant(null)),
        startsAt: mostly(fc.constant(new Date('2030-01-01'))),
        endsAt: mostly(fc.constant(new Date('2030-01-02'))),
        reason: anyText(),
      }),
    ],
    ['report period', ReportPeriodSchema, fc.record({ from: dateLike, to: dateLike })],
  ];

  for (const [what, schema, input] of schemas) {
    it(`${what}: parses or refuses with VALIDATION, and lets no U+0000 through`, () => {
      fc.assert(
        fc.property(fc.oneof(input, anyValue), (value) => {
          const parsed = parsedOrRefused(() => parseInput(schema, value, what));
          if (parsed !== undefined) {
            expect(JSON.stringify(parsed) ?? '').not.toContain('\\u0000');
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses U+0000 in any string of a parsed value, naming the field', () => {
    const loose = z.object({ note: z.string(), tags: z.array(z.string()) });
    fc.assert(
      fc.property(withInserted(anyText(), '\u0000'), fc.boolean(), (text, inList) => {
        const value = inList ? { note: 'ok', tags: ['a', text] } : { note: text, tags: [] };
        const error = parsedOrRefused(() => {
          parseInput(loose, value, 'note');
          throw new Error('accepted a NUL');
        });
        expect(error).toBeUndefined();
      }),
    );
  });
});

describe('names', () => {
  it('accepts only names without controls and with something visible', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const name = parsedOrRefused(() => parseInput(personNameSchema(200), text, 'client'));
        if (name !== undefined) {
          expect(CONTROL.test(name)).toBe(false);
          expect(isPersonName(name)).toBe(true);
          expect(name).toBe(name.trim());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a name with a NUL anywhere, or one of only invisible characters', () => {
    fc.assert(
      fc.property(fc.oneof(withInserted(anyText(), '\u0000'), invisibleText()), (text) => {
        expect(isPersonName(text.trim())).toBe(false);
        const result = ClientInputSchema.safeParse({ telegramUserId: 1, name: text });
        expect(result.success).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a refused name out of the error (it is personal data)', () => {
    fc.assert(
      fc.property(withInserted(anyText(40), '\u0000'), (text) => {
        const name = `Marker${text}Zq`;
        try {
          parseInput(ClientInputSchema, { telegramUserId: 1, name }, 'client');
          expect.unreachable();
        } catch (error) {
          expect(
            JSON.stringify({
              message: (error as AppError).message,
              details: (error as AppError).details,
            }),
          ).not.toContain('Marker');
        }
      }),
    );
  });
});

describe('free text', () => {
  it('loses its controls but keeps line breaks and tabs, idempotently', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const clean = withoutControlCharacters(text);
        expect(clean.replace(/[\t\n\r]/g, '')).not.toMatch(CONTROL);
        expect(withoutControlCharacters(clean)).toBe(clean);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('dates and times', () => {
  it('steps any date the schemas accept by days without throwing, and back', () => {
    fc.assert(
      fc.property(dateLike, fc.integer({ min: -400, max: 400 }), (date, days) => {
        if (!LocalDateSchema.safeParse(date).success) {
          return;
        }
        const moved = addDays(date, days);
        expect(moved).toMatch(ISO_DATE);
        expect(addDays(moved, -days)).toBe(date);
      }),
      { numRuns: 1000 },
    );
  });

  it('lists the days of any accepted availability query', () => {
    fc.assert(
      fc.property(dateLike, fc.integer({ min: 0, max: 70 }), (from, span) => {
        if (!LocalDateSchema.safeParse(from).success) {
          return;
        }
        const query = AvailabilityQuerySchema.safeParse({
          serviceId: 1,
          staffId: 'any',
          from,
          to: addDays(from, span),
        });
        if (query.success) {
          const days = listDates(query.data.from, query.data.to);
          expect(days).toHaveLength(span + 1);
          expect(days.at(-1)).toBe(query.data.to);
        }
      }),
    );
  });

  it('reads any accepted time of day as minutes 0..1440, and any day of intervals', () => {
    const timeLike = fc.oneof(
      anyText(6),
      fc
        .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
        .map(
          ([hours, minutes]) =>
            `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`,
        ),
    );
    fc.assert(
      fc.property(timeLike, (time) => {
        if (TimeOfDaySchema.safeParse(time).success) {
          const minutes = minutesOfDay(time);
          expect(Number.isInteger(minutes)).toBe(true);
          expect(minutes).toBeGreaterThanOrEqual(0);
          expect(minutes).toBeLessThanOrEqual(1440);
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: timeLike, end: timeLike }), { maxLength: 4 }),
        (intervals) => {
          DayIntervalsSchema.safeParse(intervals);
        },
      ),
    );
  });
});
