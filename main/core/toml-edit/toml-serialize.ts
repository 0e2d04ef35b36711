/**
 * Writing values and keys as TOML text. Everything written here is TOML 1.0 syntax (also
 * valid 1.1), so an edit never moves a file to a newer dialect: no `\e` or `\x` escapes, no
 * multi-line inline tables, no trailing commas, times always with seconds.
 */
import { TomlEditError } from './errors.js';
import type { KeyPath } from './document-index.js';
import { TomlDateTime } from './toml-datetime.js';
import { TomlFloat } from './toml-float.js';
import { formatFloat } from './tagged-json.js';

/** A value the editor can write. Plain objects become tables, arrays become inline arrays. */
export type TomlInputValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | TomlDateTime
  | TomlFloat
  | readonly TomlInputValue[]
  | { readonly [key: string]: TomlInputValue };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SHORT_ESCAPES: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** Whether a value is written as a table (a plain object, not a date or array). */
export function isPlainObject(v: unknown): v is { readonly [key: string]: TomlInputValue } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A key, bare when TOML allows it, otherwise a basic string. */
export function serializeKey(key: string, path: KeyPath = []): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : basicString(key, path);
}

/** A dotted key (`a."b c".d`); numeric segments cannot be written as keys. */
export function serializeDottedKey(path: KeyPath): string {
  return path
    .map((seg) => {
      if (typeof seg !== 'string') throw new TomlEditError('an array index cannot be written as a key', path);
      return serializeKey(seg, path);
    })
    .join('.');
}

/** No unpaired surrogate: such a string has no UTF-8 form and would be written as U+FFFD. */
export function isWellFormedText(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function checkWellFormed(s: string, path: KeyPath): void {
  if (!isWellFormedText(s)) throw new TomlEditError('the string has an unpaired surrogate, which UTF-8 cannot hold', path);
}

function escapeChar(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short) return short;
  return `\\u${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A basic string: control characters and DEL escaped (as `\uXXXX`, never the 1.1-only `\e`). */
export function basicString(s: string, path: KeyPath = []): string {
  checkWellFormed(s, path);
  return `"${s.replace(/[\u0000-\u001f\u007f"\\]/g, escapeChar)}"`;
}

/** Whether `s` can be written as a single-line literal string. */
export function canBeLiteral(s: string): boolean {
  return isWellFormedText(s) && !/[\u0000-\u0008\u000a-\u001f\u007f']/.test(s);
}

/** A multi-line basic string; raw line breaks use the file's line ending. */
export function multilineBasicString(s: string, eol: string, leadingBreak: boolean, path: KeyPath = []): string {
  checkWellFormed(s, path);
  const body = s.replace(/[\u0000-\u0009\u000b-\u001f\u007f\\]|"(?="|$)|\n/g, (ch, offset: number) => {
    if (ch === '\n') return offset === 0 && !leadingBreak ? '\\n' : eol;
    return ch === '\t' ? '\t' : escapeChar(ch);
  });
  return `"""${leadingBreak ? eol : ''}${body}"""`;
}

/** Whether `s` can be written as a multi-line literal string. */
export function canBeMultilineLiteral(s: string): boolean {
  return isWellFormedText(s) && !/[\u0000-\u0008\u000b-\u001f\u007f]|'''|'$/.test(s);
}

/** A multi-line literal string; a value starting with a break gets the delimiter break TOML trims. */
export function multilineLiteralString(s: string, eol: string, leadingBreak: boolean): string {
  const lead = leadingBreak || s.startsWith('\n') ? eol : '';
  return `'''${lead}${s.replace(/\n/g, eol)}'''`;
}

/** A 64-bit integer in decimal, or in base 16/8/2 when `radixPrefix` asks for it. */
export function serializeInteger(v: number | bigint, path: KeyPath, radixPrefix = '', upperHex = false): string {
  const n = typeof v === 'bigint' ? v : BigInt(v);
  if (n < INT64_MIN || n > INT64_MAX) throw new TomlEditError(`${n} is outside TOML's 64-bit integer range`, path);
  const radix = { '0x': 16, '0o': 8, '0b': 2 }[radixPrefix];
  if (radix === undefined || n < 0n) return n.toString();
  const digits = n.toString(radix);
  return radixPrefix + (upperHex ? digits.toUpperCase() : digits);
}

/** A float, always with `.` or an exponent; at least `minDecimals` fraction digits when exact. */
export function serializeFloat(v: number, minDecimals = 0): string {
  const s = formatFloat(v);
  if (minDecimals <= 0 || !Number.isFinite(v) || /[eE]/.test(s) || Math.abs(v) >= 1e21) return s;
  const decimals = s.length - s.indexOf('.') - 1;
  if (decimals >= minDecimals) return s;
  const fixed = v.toFixed(Math.min(minDecimals, 100));
  return Number(fixed) === v ? (Object.is(v, -0) ? `-${fixed.replace(/^-/, '')}` : fixed) : s;
}

/** A date/time; a JS Date becomes an offset date-time in UTC. */
export function serializeDateTime(v: Date | TomlDateTime, path: KeyPath): string {
  if (v instanceof TomlDateTime) return v.text;
  if (Number.isNaN(v.getTime())) throw new TomlEditError('invalid Date', path);
  const iso = v.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new TomlEditError(`year outside 0000-9999: ${iso}`, path);
  return iso;
}

/** Any value as an inline TOML value (objects as inline tables on one line). */
export function serializeValue(v: TomlInputValue, path: KeyPath): string {
  switch (typeof v) {
    case 'string':
      return basicString(v, path);
    case 'bigint':
      return serializeInteger(v, path);
    case 'number':
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? String(v) : serializeFloat(v);
    case 'boolean':
      return String(v);
    default:
      break;
  }
  if (v instanceof Date || v instanceof TomlDateTime) return serializeDateTime(v, path);
  if (v instanceof TomlFloat) return serializeFloat(v.value);
  if (Array.isArray(v)) return `[${v.map((el: TomlInputValue, i) => serializeValue(el, [...path, i])).join(', ')}]`;
  if (isPlainObject(v)) {
    const pairs = Object.entries(v).map(([k, el]) => `${serializeKey(k, path)} = ${serializeValue(el, [...path, k])}`);
    return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
  }
  throw new TomlEditError(`TOML cannot hold ${v === null ? 'null' : typeof v}`, path);
}

/** A comment text as one comment line: `#` added if missing; line breaks and control characters refused. */
export function commentText(comment: string, path: KeyPath = []): string {
  if (!isWellFormedText(comment) || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(comment)) {
    throw new TomlEditError('a comment must be one line without control characters', path);
  }
  return comment.startsWith('#') ? comment : `# ${comment}`;
}
