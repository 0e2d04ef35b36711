/**
 * From file bytes to a parsed TOML document and back: strict UTF-8 decoding, BOM and
 * line-ending detection, dialect detection (1.0 vs 1.1) and the checks toml-eslint-parser
 * leaves out.
 */
import { ParseError, type AST } from 'toml-eslint-parser';
import { parseTomlLongStrings } from './long-strings.js';
import { TomlDecodeError, TomlSyntaxError } from './errors.js';
import { checkTomlLimits } from './toml-limits.js';

/** The TOML version a file is written in; edits never move a file to a newer one. */
export type TomlDialect = '1.0' | '1.1';

/** The line break a file uses; inserted lines use the same. */
export type LineEnding = '\n' | '\r\n';

/** A decoded file: the text without its BOM, plus what is needed to write it back. */
export interface DecodedToml {
  readonly text: string;
  /** Whether the bytes started with a UTF-8 byte order mark. */
  readonly bom: boolean;
  readonly eol: LineEnding;
}

/** A parsed document together with the dialect it parsed in. */
export interface ParsedTomlText {
  readonly text: string;
  readonly ast: AST.TOMLProgram;
  readonly dialect: TomlDialect;
}

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/**
 * Decodes file bytes strictly: invalid UTF-8 (including UTF-16 files) is an error, never
 * replaced by U+FFFD, because a replaced character would be written back as a silent change.
 */
export function decodeTomlBytes(bytes: Uint8Array): DecodedToml {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const at = firstInvalidUtf8(body) + (bom ? 3 : 0);
    throw new TomlDecodeError(`the file is not valid UTF-8 (byte ${at})`, at);
  }
  return { text, bom, eol: detectLineEnding(text) };
}

/** Encodes text back to bytes, restoring the BOM if the file had one. */
export function encodeTomlText(text: string, bom: boolean): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM, 0);
  out.set(body, 3);
  return out;
}

/** CRLF when most line breaks are CRLF, LF otherwise (also for a file without breaks). */
export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 0x0d) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Parses `text` as TOML in exactly one dialect. Throws {@link TomlSyntaxError} with the
 * position of the first problem.
 */
export function parseTomlText(text: string, dialect: TomlDialect): AST.TOMLProgram {
  if (text.startsWith('\uFEFF')) {
    throw new TomlSyntaxError('byte order mark inside the text (decodeTomlBytes removes and remembers it)', { line: 1, column: 0, offset: 0 }, dialect);
  }
  checkCarriageReturns(text, dialect);
  try {
    return repairFinalZero(parseTomlLongStrings(text, dialect), text);
  } catch (err) {
    if (err instanceof ParseError) {
      throw new TomlSyntaxError(err.message, { line: err.lineNumber, column: err.column, offset: err.index }, dialect);
    }
    throw err;
  }
}

/**
 * Parses `text` and finds its dialect: "1.0" when it is valid TOML 1.0, otherwise "1.1" when
 * it is valid TOML 1.1. A text valid in neither throws the 1.1 error (the more permissive
 * grammar points closest to the real mistake).
 */
export function parseTomlDocument(text: string): ParsedTomlText {
  // Nesting and token sizes that would overflow the parser's stack are refused with a position.
  checkTomlLimits(text);
  try {
    return { text, ast: parseTomlText(text, '1.0'), dialect: '1.0' };
  } catch (err) {
    if (!(err instanceof TomlSyntaxError)) throw err;
  }
  return { text, ast: parseTomlText(text, '1.1'), dialect: '1.1' };
}

/** Decodes and parses file bytes in one step. */
export function loadTomlBytes(bytes: Uint8Array): ParsedTomlText & DecodedToml {
  const decoded = decodeTomlBytes(bytes);
  return { ...decoded, ...parseTomlDocument(decoded.text) };
}

/**
 * toml-eslint-parser treats a carriage return that is not followed by a line feed as a line
 * break (and accepts it inside multi-line strings in 1.1). TOML allows CR only as part of
 * CRLF: everywhere else it is a control character, which no TOML context permits.
 */
function checkCarriageReturns(text: string, dialect: TomlDialect): void {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 0x0a) {
      throw new TomlSyntaxError('carriage return not followed by a line feed', positionOf(text, i), dialect);
    }
  }
}

/**
 * toml-eslint-parser gives an integer `0` that is the very last character of the text an empty
 * range (start = end), and the pair and table around it end one unit early. Edits splice by
 * range, so the ranges are set right here: the token, the value (and its number text), and
 * every node ending there.
 */
function repairFinalZero(ast: AST.TOMLProgram, text: string): AST.TOMLProgram {
  const end = text.length;
  const token = ast.tokens[ast.tokens.length - 1];
  if (!token || token.type !== 'Integer' || token.range[0] !== end - 1 || token.range[1] !== end - 1) return ast;
  const top = ast.body[0];
  const last = top.body[top.body.length - 1];
  const pair = last?.type === 'TOMLTable' ? last.body[last.body.length - 1] : last;
  if (!pair || pair.value.type !== 'TOMLValue' || pair.value.range[1] !== end - 1) return ast;
  token.value = text.slice(end - 1);
  // The node's `number` text is read from the empty range too; a line parsed on its own
  // (line-rewrite.ts) ends this way whenever its value is 0.
  Object.defineProperty(pair.value, 'number', { value: token.value, enumerable: true, writable: true, configurable: true });
  for (const node of [token, pair.value, pair, last, top] as AST.HasLocs[]) {
    if (node.range[1] !== end - 1) continue;
    node.range[1] = end;
    node.loc.end = { line: node.loc.end.line, column: node.loc.end.column + 1 };
  }
  return ast;
}

/** Line (1-based) and column (0-based, UTF-16 units) of a text offset. */
export function positionOf(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart, offset };
}

/** Byte offset of the first invalid UTF-8 sequence (the decoder only says that one exists). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}
