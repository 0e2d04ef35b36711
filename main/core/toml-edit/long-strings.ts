/**
 * Long string values, parsed without overflowing the call stack.
 *
 * toml-eslint-parser builds each string with `String.fromCodePoint(...codePoints)`, which throws
 * "Maximum call stack size exceeded" for a string of roughly 100,000 characters (less when the
 * parse is called deep in a stack). So that a file holding such a value loads, and an edit that
 * writes one can be verified, every string value longer than {@link LONG_STRING_CHARS} is parsed
 * as a stand-in of the same length (`""` followed by spaces: valid wherever a value may stand)
 * and decoded on its own in pieces of a few thousand characters. The pieces go through the same
 * parser in the same dialect, so escapes, control characters and line continuations follow
 * exactly its rules. The stand-ins are then given the real values, ranges and positions, so the
 * tree is the one the parser would have built.
 *
 * A quoted key that long is refused with a located error (no configuration needs one).
 */
import { parseTOML, ParseError, traverseNodes, type AST } from 'toml-eslint-parser';
import { TomlSyntaxError } from './errors.js';
import { delimiterAt, findLongStrings, mayHoldLongString, type Delimiter } from './long-string-scan.js';

/** Strings (delimiters included) longer than this are decoded in pieces. */
export const LONG_STRING_CHARS = 16_384;

/** Raw length of one decoded piece: far below the parser's limit at any stack depth. */
const PIECE_CHARS = 4_096;

type Dialect = '1.0' | '1.1';

interface Decoded {
  readonly end: number;
  readonly value: string;
  readonly delimiter: Delimiter;
}

const TOKEN_TYPES: Record<Delimiter, AST.Token['type']> = {
  '"': 'BasicString',
  "'": 'LiteralString',
  '"""': 'MultiLineBasicString',
  "'''": 'MultiLineLiteralString',
};

/** Where the long-string path starts and how long its pieces are (tests make both tiny). */
export interface LongStringLimits {
  readonly threshold?: number;
  readonly pieceChars?: number;
}

/** Parses `text` like `parseTOML`, decoding string values longer than the threshold in pieces. */
export function parseTomlLongStrings(text: string, dialect: Dialect, limits: LongStringLimits = {}): AST.TOMLProgram {
  const { threshold = LONG_STRING_CHARS, pieceChars = PIECE_CHARS } = limits;
  const found = mayHoldLongString(text, threshold) ? findLongStrings(text, threshold, LONG_STRING_CHARS) : [];
  const key = found.find((s) => s.key);
  const long = found.filter((s) => !s.key);
  if (long.length === 0 && !key) return parseTOML(text, { tomlVersion: dialect });
  const lines = lineStarts(text);
  const fail = (message: string, offset: number): TomlSyntaxError => new TomlSyntaxError(message, { ...positionAt(lines, offset), offset }, dialect);
  if (key) throw fail(`a quoted key longer than ${LONG_STRING_CHARS} characters is not supported`, key.start);

  let firstError: TomlSyntaxError | undefined;
  const decoded = new Map<number, Decoded>();
  for (const s of long) {
    const result = decodeString(text, s.start, s.end, dialect, pieceChars);
    if (typeof result === 'string') decoded.set(s.start, { end: s.end, value: result, delimiter: delimiterAt(text, s.start) });
    else {
      firstError = fail(result.message, result.offset);
      break;
    }
  }
  let stand = '';
  let at = 0;
  for (const s of long) {
    stand += `${text.slice(at, s.start)}""${' '.repeat(s.end - s.start - 2)}`;
    at = s.end;
  }
  stand += text.slice(at);

  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(stand, { tomlVersion: dialect });
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    // The parser reports the first problem in the text; a bad long string before it comes first.
    if (firstError && firstError.offset <= err.index) throw firstError;
    throw fail(err.message, err.index);
  }
  if (firstError) throw firstError;
  restore(ast, text, decoded, lines);
  return ast;
}

/** Puts the decoded values, their ranges and every node's position back into the tree. */
function restore(ast: AST.TOMLProgram, text: string, decoded: ReadonlyMap<number, Decoded>, lines: readonly number[]): void {
  const realEnd = new Map<number, number>();
  for (const [start, d] of decoded) realEnd.set(start + 2, d.end);
  const isStandIn = (range: AST.Range): Decoded | undefined => (range[1] === range[0] + 2 ? decoded.get(range[0]) : undefined);
  const fix = (item: AST.HasLocs): void => {
    const end = realEnd.get(item.range[1]);
    if (end !== undefined) item.range = [item.range[0], end];
    item.loc = { start: positionAt(lines, item.range[0]), end: positionAt(lines, item.range[1]) };
  };
  const seen = new Set<number>();
  traverseNodes(ast, {
    enterNode(node) {
      const d = isStandIn(node.range);
      if (d && node.type === 'TOMLValue' && node.kind === 'string') {
        node.value = d.value;
        node.style = d.delimiter.startsWith('"') ? 'basic' : 'literal';
        node.multiline = d.delimiter.length === 3;
        seen.add(node.range[0]);
      }
      fix(node);
    },
    leaveNode() {},
  });
  for (const start of decoded.keys()) {
    if (!seen.has(start)) throw new Error(`internal error: the long string at offset ${start} is not a string value`);
  }
  for (const token of ast.tokens) {
    const d = isStandIn(token.range);
    fix(token);
    if (d) Object.assign(token, { type: TOKEN_TYPES[d.delimiter], value: text.slice(token.range[0], token.range[1]), string: d.value });
  }
  for (const comment of ast.comments) fix(comment);
}

// ---------------------------------------------------------------------------------------------
// Decoding one long string in pieces

/** The value of the string token `text[start, end)`, or the first problem in it. */
function decodeString(text: string, start: number, end: number, dialect: Dialect, pieceChars: number): string | { message: string; offset: number } {
  const delimiter = delimiterAt(text, start);
  const contentStart = start + delimiter.length;
  const content = text.slice(contentStart, end - delimiter.length);
  let value = '';
  let from = 0;
  for (const cut of pieceEnds(content, delimiter, pieceChars)) {
    // A piece after the first starts with a line break TOML trims, so its own leading break stays.
    const lead = delimiter.length === 3 && from > 0 ? '\n' : '';
    const prefix = `v = ${delimiter}${lead}`;
    try {
      const ast = parseTOML(`${prefix}${content.slice(from, cut)}${delimiter}`, { tomlVersion: dialect });
      const pair = ast.body[0].body[0] as AST.TOMLKeyValue;
      value += (pair.value as AST.TOMLStringValue).value;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      return { message: err.message, offset: contentStart + from + Math.max(0, Math.min(err.index - prefix.length, cut - from)) };
    }
    from = cut;
  }
  return value;
}

/**
 * Where the pieces of `content` end: never inside an escape sequence (a line continuation runs
 * to the next character that is not white space or a line break), a CRLF or a surrogate pair.
 */
function pieceEnds(content: string, delimiter: Delimiter, pieceChars: number): number[] {
  const ends: number[] = [];
  const escapes = delimiter.startsWith('"');
  let pieceStart = 0;
  let i = 0;
  while (i < content.length) {
    i += unitLength(content, i, escapes, delimiter.length === 3);
    if (i - pieceStart >= pieceChars && i < content.length) {
      ends.push(i);
      pieceStart = i;
    }
  }
  ends.push(content.length);
  return ends;
}

function unitLength(s: string, i: number, escapes: boolean, multiline: boolean): number {
  const c = s.charCodeAt(i);
  if (c === 0x5c && escapes) {
    const e = s[i + 1];
    if (e === 'u') return 6;
    if (e === 'U') return 10;
    if (e === 'x') return 4;
    if (multiline && (e === ' ' || e === '\t' || e === '\n' || e === '\r')) {
      let j = i + 1;
      while (j < s.length && /[ \t\r\n]/.test(s[j] as string)) j++;
      return j - i;
    }
    return 2;
  }
  if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) return 2;
  if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) return 2;
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Positions

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line (1-based) and column (0-based UTF-16 units), as the parser gives them. */
function positionAt(starts: readonly number[], offset: number): AST.Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) };
}
