/**
 * fast-check arbitraries for property tests of input parsers. Test-only.
 */
import fc from 'fast-check';

// Characters that break naive parsers: NUL and other controls (C0, DEL, C1), line
// breaks, zero-width and other invisible characters, a combining mark, halves of a
// surrogate pair, the codec's separator, and digits and signs phones and dates use.
const TRICKY = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u2800',
  '\u3164',
  '\u202e',
  '\u0301',
  '\ud800',
  '\udc00',
  '😀',
  '|',
  '+',
  '-',
  '(',
  ')',
  '.',
  '/',
  ':',
  '_',
  '0',
  '1',
  '7',
  '9',
  '٣',
  'a',
  'Z',
  'Я',
  'é',
  'svc_',
  'T',
] as const;

/** One UTF-16 code unit, lone surrogates included (a forger's string need not be valid). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/**
 * Any string a Telegram user could type or a forger could send: valid Unicode, arbitrary
 * code units (lone surrogates), and a mix weighted towards {@link TRICKY} characters.
 */
export function anyText(maxLength = 120): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...TRICKY), maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: codeUnit, maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );
}

/** Text made only of characters that show nothing: spaces, zero-width, fillers. */
export function invisibleText(): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.constantFrom(
      ' ',
      '\u00a0',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u2800',
      '\u3164',
      '\u115f',
      '\u034f',
      '\u0301',
      '\u3000',
    ),
    minLength: 1,
    maxLength: 40,
  });
}

/** `text` with `inserted` put in at some position. */
export function withInserted(text: fc.Arbitrary<string>, inserted: string): fc.Arbitrary<string> {
  return fc.tuple(text, fc.nat()).map(([base, at]) => {
    const cut = base.length === 0 ? 0 : at % (base.length + 1);
    return `${base.slice(0, cut)}${inserted}${base.slice(cut)}`;
  });
}
