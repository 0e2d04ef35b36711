/**
 * Limits on TOML text that toml-eslint-parser cannot survive. It recurses once per nested
 * array or inline table, and builds numbers and other unquoted values with
 * `String.fromCodePoint(...chars)`, one call argument per character; a 10,000-deep array or a
 * 200,000-digit number overflows the call stack with a RangeError that carries no position.
 * A quick scan finds both before the parser runs and reports them where they start, like any
 * syntax error. (Long quoted strings are decoded in pieces instead: long-strings.ts.) The
 * limits sit far below what the parser survives on a small stack (about 400 nested inline
 * tables, 22,000-character numbers with a 200 KB stack) and far above what a hand-written
 * config needs.
 */
import { TomlSyntaxError } from './errors.js';

/** Arrays and inline tables may be nested this deep (table headers count as one level). */
export const MAX_TOML_NESTING = 100;
/** Characters in one unquoted key or value (bare key, number, date, boolean). */
export const MAX_TOML_TOKEN_LENGTH = 16_384;

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const LF = 0x0a;

/** Characters that end a bare run (a key, number, date, boolean). */
function endsBareRun(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === LF || c === 0x0d || c === 0x3d || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === HASH || c === QUOTE || c === APOSTROPHE;
}

/** The offset just after a string that starts at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number, multi: boolean): number {
  const quote = text.charCodeAt(start);
  const escapes = quote === QUOTE;
  let i = start + (multi ? 3 : 1);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (escapes && c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (!multi && c === LF) return -1;
    if (c === quote) {
      if (!multi) return i + 1;
      let run = 0;
      while (text.charCodeAt(i + run) === quote) run++;
      // Up to two quotes may stand right before the closing three: `"""a""""` is `a"`.
      if (run >= 3) return i + Math.min(run, 5);
      i += run;
      continue;
    }
    i++;
  }
  return -1;
}

function refuse(text: string, offset: number, reason: string): never {
  // Line and column as the parser counts them (1-based line, 0-based column in UTF-16 units).
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  throw new TomlSyntaxError(reason, { line, column: offset - lineStart, offset }, '1.0');
}

/**
 * Throws {@link TomlSyntaxError} at the first place where `text` nests arrays or inline tables
 * deeper than {@link MAX_TOML_NESTING} or holds an unquoted key or value longer than
 * {@link MAX_TOML_TOKEN_LENGTH}. Anything else (including what is merely invalid TOML) is left
 * to the parser, which reports it with its own position.
 */
export function checkTomlLimits(text: string): void {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === HASH) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return;
      i = eol + 1;
    } else if (c === QUOTE || c === APOSTROPHE) {
      // Strings are skipped whole: brackets inside them are text, not nesting.
      const end = stringEnd(text, i, text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c);
      // An unclosed string is the parser's to report (it fails on it without recursing).
      if (end === -1) return;
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > MAX_TOML_NESTING) refuse(text, i, `arrays or inline tables nested more than ${MAX_TOML_NESTING} levels deep (the limit)`);
      i++;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
      i++;
    } else if (endsBareRun(c)) {
      i++;
    } else {
      const start = i;
      while (i < text.length && !endsBareRun(text.charCodeAt(i))) i++;
      if (i - start > MAX_TOML_TOKEN_LENGTH) refuse(text, start, `a key or value longer than ${MAX_TOML_TOKEN_LENGTH} characters (the limit)`);
    }
  }
}
