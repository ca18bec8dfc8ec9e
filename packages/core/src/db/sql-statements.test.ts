import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from './sql-statements.js';

describe('splitSqlStatements', () => {
  it.each([
    ['one statement, no semicolon', 'SELECT 1', ['SELECT 1']],
    ['two statements', 'SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['empty pieces and blanks dropped', ' ;; SELECT 1 ;\n\n ; ', ['SELECT 1']],
    ['semicolon in a string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    [
      'doubled quote in a string',
      "SELECT 'it''s; fine'; SELECT 2",
      ["SELECT 'it''s; fine'", 'SELECT 2'],
    ],
    ["escape string with \\'", "SELECT E'a\\';b'; SELECT 2", ["SELECT E'a\\';b'", 'SELECT 2']],
    [
      'standard string ending in a backslash',
      "SELECT 'a\\'; SELECT 2",
      ["SELECT 'a\\'", 'SELECT 2'],
    ],
    [
      'an identifier ending in e before a string',
      "SELECT type'a\\'; SELECT 2",
      ["SELECT type'a\\'", 'SELECT 2'],
    ],
    ['quoted identifier', 'SELECT 1 AS "a;""b"; SELECT 2', ['SELECT 1 AS "a;""b"', 'SELECT 2']],
    ['line comment', 'SELECT 1 -- no; split\n; SELECT 2', ['SELECT 1 -- no; split', 'SELECT 2']],
    ['comment-only piece dropped', 'SELECT 1;\n-- the end;\n', ['SELECT 1']],
    [
      'nested block comment',
      'SELECT /* a /* b; */ c; */ 1; SELECT 2',
      ['SELECT /* a /* b; */ c; */ 1', 'SELECT 2'],
    ],
    [
      'dollar-quoted body',
      'CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql; SELECT 2',
      ['CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql', 'SELECT 2'],
    ],
    [
      'tagged dollar quote holding $$',
      'DO $fn$ BEGIN PERFORM $$;$$; END $fn$; SELECT 2',
      ['DO $fn$ BEGIN PERFORM $$;$$; END $fn$', 'SELECT 2'],
    ],
    ['positional parameters are not quotes', 'SELECT $1; SELECT $2', ['SELECT $1', 'SELECT $2']],
    [
      'dollar inside an identifier',
      'SELECT a$b$ FROM t; SELECT 2',
      ['SELECT a$b$ FROM t', 'SELECT 2'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(splitSqlStatements(input)).toEqual(expected);
  });

  // Statements built from pieces that hold semicolons only where they end nothing, joined
  // with semicolons and noise: splitting gives back exactly the statements.
  const quotedPiece = fc.oneof(
    fc.string().map((s) => `'${s.replaceAll("'", "''")}'`),
    fc.string().map((s) => `"${s.replaceAll('"', '""').replaceAll('\0', '')}"`),
    fc
      .string()
      .filter((s) => !s.includes('$'))
      .map((s) => `$body$${s}$body$`),
    fc
      .string()
      .filter((s) => !s.includes('$'))
      .map((s) => `$$${s}$$`),
    fc
      .string()
      .filter((s) => !s.includes('*') && !s.includes('/'))
      .map((s) => `/*${s}*/`),
    fc
      .string()
      .filter((s) => !s.includes('\n'))
      .map((s) => `--${s}\n`),
  );
  const word = fc.constantFrom('SELECT', 'x', '1', '$1', 'a$b', '(', ')', ',', '::text', 'e');
  const statement = fc
    .array(fc.oneof(word, quotedPiece), { minLength: 1, maxLength: 8 })
    .map((parts) => `SELECT ${parts.join(' ')}`);

  it('gives back the statements it was given, whatever they quote', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        const text = `${statements.join(';\n')};`;
        // A trailing line comment swallows up to its newline; trim() removes that newline.
        expect(splitSqlStatements(text)).toEqual(statements.map((s) => s.trim()));
      }),
      { numRuns: 300 },
    );
  });
});
