/**
 * Splits a string of SQL into its statements at the semicolons that end them, the way
 * Postgres's own lexer sees them: a semicolon inside a string (`'…'`, `E'…'` with
 * backslash escapes), a quoted identifier (`"…"`), a dollar-quoted body (`$$…$$`,
 * `$fn$…$fn$`), a line comment (`-- …`) or a block comment (`/* … *\/`, nested) ends
 * nothing. Statements are returned trimmed, without their closing semicolon; pieces
 * that hold only whitespace and comments are dropped. Positional parameters (`$1`) are
 * not dollar quotes.
 *
 * Citus forwards a multi-statement DDL string to its workers as one prepared
 * statement, which they refuse; the migration runner sends each statement on its own.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let hasCode = false;
  let i = 0;
  const push = (end: number): void => {
    if (hasCode) {
      statements.push(text.slice(start, end).trim());
    }
    start = end + 1;
    hasCode = false;
  };
  while (i < text.length) {
    const char = text[i] as string;
    const next = text[i + 1];
    if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (char === '/' && next === '*') {
      i = skipBlockComment(text, i);
      continue;
    }
    if (char === ';') {
      push(i);
      i += 1;
      continue;
    }
    if (!/\s/.test(char)) {
      hasCode = true;
    }
    if (char === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1] as string) && !isIdentChar(text[i - 2]);
      i = skipQuoted(text, i, "'", escapes);
      continue;
    }
    if (char === '"') {
      i = skipQuoted(text, i, '"', false);
      continue;
    }
    if (char === '$' && !isIdentChar(text[i - 1])) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? text.length : close + tag[0].length;
        continue;
      }
    }
    i += 1;
  }
  push(text.length);
  return statements;
}

function isIdentChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(char);
}

/** Index just past the quoted run that opens at `open`; a doubled quote stays inside. */
function skipQuoted(text: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < text.length) {
    const char = text[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
      continue;
    }
    if (char === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return text.length;
}

/** Index just past the block comment that opens at `open`; Postgres nests them. */
function skipBlockComment(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) {
        return i;
      }
    } else {
      i += 1;
    }
  }
  return text.length;
}
