import { z } from 'zod';

// Control characters (C0, DEL, C1) and UTF-16 halves without their pair. Postgres
// refuses U+0000 in text outright (every later write carrying it fails), and the rest
// have no place in a name that staff read in a list and Telegram shows in a message.
const CONTROL = /[\p{Cc}\p{Cs}]/u;
const CONTROL_ALL = /[\p{Cc}\p{Cs}]/gu;
// What free text (a comment) keeps of the controls: line breaks and tabs.
const CONTROL_BUT_LAYOUT = /[^\P{Cc}\t\n\r]|\p{Cs}/gu;
// Characters that show nothing on their own: spaces, zero-width and other
// default-ignorable characters (U+200B, U+FEFF, Hangul fillers, ...), combining marks,
// and the braille blank (U+2800) that Telegram clients use for "empty" text.
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu;

/**
 * Whether `text` can be a person's name: no control characters (U+0000 included) or
 * unpaired surrogates, and at least one character that shows. Length is the caller's
 * rule.
 */
export function isPersonName(text: string): boolean {
  return !CONTROL.test(text) && text.replace(INVISIBLE, '').length > 0;
}

/**
 * A person's name as typed or taken from Telegram: trimmed, 1 to `max` characters,
 * and {@link isPersonName}. The messages never repeat the input (it is personal data).
 */
export function personNameSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((name) => !CONTROL.test(name), 'must not contain control characters')
    .refine((name) => isPersonName(name) || CONTROL.test(name), 'must contain a visible character');
}

/**
 * `text` without control characters and unpaired surrogates, keeping line breaks and
 * tabs: what free text (a comment) may store. Postgres cannot store U+0000 at all.
 */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, '');
}

/**
 * `text` on one line with every control character and invisible run made a single
 * space, trimmed: a name taken from somewhere the user did not type it for us (their
 * Telegram profile), to be checked with {@link isPersonName} afterwards.
 */
export function singleLine(text: string): string {
  return text.replace(CONTROL_ALL, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * Free text of at most `max` characters: control characters other than line breaks
 * and tabs are dropped (see {@link withoutControlCharacters}), then it is trimmed.
 */
export function freeTextSchema(max: number) {
  return z.string().transform(withoutControlCharacters).pipe(z.string().trim().max(max));
}
