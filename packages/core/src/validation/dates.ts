import { z } from 'zod';

/** Earliest local date an input may name. */
export const MIN_LOCAL_DATE = '1900-01-01';
/** Latest local date an input may name. */
export const MAX_LOCAL_DATE = '9000-12-31';

/**
 * A calendar date `yyyy-MM-dd` between {@link MIN_LOCAL_DATE} and {@link MAX_LOCAL_DATE}.
 * ISO alone lets year 0000 through, and a day before it (or after 9999-12-31) has no
 * `yyyy-MM-dd` form: stepping such a date by days would produce text no date parser reads.
 */
export const LocalDateSchema = z.iso
  .date()
  .refine(
    (date) => date >= MIN_LOCAL_DATE && date <= MAX_LOCAL_DATE,
    `expected a date from ${MIN_LOCAL_DATE} to ${MAX_LOCAL_DATE}`,
  );
