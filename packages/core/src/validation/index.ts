export { LocalDateSchema, MAX_LOCAL_DATE, MIN_LOCAL_DATE } from './dates.js';
export {
  CHECK_VIOLATION,
  EXCLUSION_VIOLATION,
  FOREIGN_KEY_VIOLATION,
  NOT_NULL_VIOLATION,
  type PgErrorFacts,
  pgErrorFacts,
  UNIQUE_VIOLATION,
} from './pg-errors.js';
export {
  freeTextSchema,
  isPersonName,
  personNameSchema,
  singleLine,
  withoutControlCharacters,
} from './text.js';
export { parseInput, type ValidationIssue } from './validation.js';
