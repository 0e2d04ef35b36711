/**
 * Comparing a decoded document value with the value the caller intended. Intended values are
 * plain JS (numbers, strings, Dates, objects); decoded ones keep TOML's integer/float split.
 */
import { own, type PlainValue } from './document-value.js';
import { instantOf, TomlDateTime } from './toml-datetime.js';
import { TomlFloat } from './toml-float.js';
import { isPlainObject } from './toml-serialize.js';

/** How strictly numbers compare. */
export interface EqualityOptions {
  /**
   * When true, an intended `number` must decode as a TOML float and a `bigint` as an integer.
   * When false (default) a whole `number` also matches an equal TOML integer.
   */
  readonly strictNumbers?: boolean;
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `integer ${v}`;
  if (typeof v === 'number') return `float ${v}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (v instanceof TomlDateTime) return `${v.kind} ${v.text}`;
  if (v instanceof TomlFloat) return `float ${v.value}`;
  if (v instanceof Date) return `Date ${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()}`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'table';
  return String(v);
}

function scalarEqual(actual: unknown, intended: unknown, strict: boolean): boolean {
  if (typeof intended === 'bigint') return typeof actual === 'bigint' && actual === intended;
  if (typeof intended === 'number') {
    if (typeof actual === 'number') return actual === intended || (Number.isNaN(actual) && Number.isNaN(intended));
    return !strict && typeof actual === 'bigint' && Number.isInteger(intended) && BigInt(intended) === actual;
  }
  if (intended instanceof TomlFloat) return scalarEqual(actual, intended.value, true);
  if (intended instanceof TomlDateTime) return actual instanceof TomlDateTime && actual.equals(intended);
  if (intended instanceof Date) {
    return actual instanceof TomlDateTime && actual.kind === 'offset-date-time' && instantOf(actual.text) === intended.getTime();
  }
  return (typeof intended === 'string' || typeof intended === 'boolean') && actual === intended;
}

/** Where a decoded value differs from the intended one. */
export interface ValueDiff {
  /** Key path of the difference, `(root)` for the document itself. */
  readonly path: string;
  /** e.g. `instruments.laser.power: expected float 25.5, got integer 25`. */
  readonly message: string;
}

/**
 * Whether `actual` equals `intended` under the rules of {@link diffValues}. A whole document
 * is compared on every verified edit, so this walk builds no paths or messages; they are
 * built only once a difference is known to exist.
 */
function sameValue(actual: unknown, intended: unknown, strict: boolean): boolean {
  if (Array.isArray(intended)) {
    if (!Array.isArray(actual) || actual.length !== intended.length) return false;
    for (let i = 0; i < intended.length; i++) if (!sameValue(actual[i], intended[i], strict)) return false;
    return true;
  }
  if (!isPlainObject(intended)) return scalarEqual(actual, intended, strict);
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || actual instanceof TomlDateTime) return false;
  const table = actual as Record<string, unknown>;
  let count = 0;
  for (const key in table) {
    if (!Object.hasOwn(table, key)) continue;
    if (!Object.hasOwn(intended, key)) return false;
    count++;
  }
  const want = Object.keys(intended);
  if (want.length !== count) return false;
  for (const key of want) {
    if (!Object.hasOwn(table, key) || !sameValue(table[key], intended[key], strict)) return false;
  }
  return true;
}

/** Undefined when `actual` (decoded) equals `intended`, otherwise the first difference. */
export function diffValues(actual: PlainValue | undefined, intended: unknown, path = '', options: EqualityOptions = {}): ValueDiff | undefined {
  return sameValue(actual, intended, options.strictNumbers === true) ? undefined : firstDifference(actual, intended, path, options);
}

function firstDifference(actual: PlainValue | undefined, intended: unknown, path: string, options: EqualityOptions): ValueDiff | undefined {
  const at = path || '(root)';
  const diff = (what: string): ValueDiff => ({ path: at, message: `${at}: ${what}` });
  const mismatch = (): ValueDiff => diff(`expected ${describe(intended)}, got ${actual === undefined ? 'nothing' : describe(actual)}`);
  if (Array.isArray(intended)) {
    if (!Array.isArray(actual) || actual.length !== intended.length) return mismatch();
    for (let i = 0; i < intended.length; i++) {
      const inner = firstDifference(actual[i], intended[i] as unknown, `${path}[${i}]`, options);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isPlainObject(intended)) {
    if (typeof actual !== 'object' || Array.isArray(actual) || actual instanceof TomlDateTime) return mismatch();
    const want = Object.keys(intended);
    const extra = Object.keys(actual).filter((k) => !Object.hasOwn(intended, k));
    if (extra.length > 0) return diff(`unexpected key ${JSON.stringify(extra[0])}`);
    for (const key of want) {
      const inner = firstDifference(own(actual, key), intended[key], path ? `${path}.${key}` : key, options);
      if (inner) return inner;
    }
    return undefined;
  }
  return scalarEqual(actual, intended, options.strictNumbers === true) ? undefined : mismatch();
}
