/**
 * toml-test's tagged JSON: the decoder output format of the official conformance suite, and
 * the comparison rules its runner applies.
 */
import type { AST } from 'toml-eslint-parser';
import { documentValue, type TableOf, type ValueOf } from './document-value.js';
import { canonicalDateTimeText, instantOf } from './toml-datetime.js';

/** The scalar type names of tagged JSON. */
export type TaggedType = 'string' | 'integer' | 'float' | 'bool' | 'datetime' | 'datetime-local' | 'date-local' | 'time-local';

/** One scalar: `{"type": T, "value": S}` with S always a string. */
export interface TaggedScalar {
  type: TaggedType;
  value: string;
}
/** A tagged JSON value. */
export type TaggedValue = ValueOf<TaggedScalar>;
/** A tagged JSON table. */
export type TaggedTable = TableOf<TaggedScalar>;

const DATE_TYPES = {
  'offset-date-time': 'datetime',
  'local-date-time': 'datetime-local',
  'local-date': 'date-local',
  'local-time': 'time-local',
} as const;

/** The tagged JSON of a parsed document. */
export function toTaggedJson(ast: AST.TOMLProgram): TaggedTable {
  return documentValue(ast, taggedScalar);
}

/** The tagged form of one scalar node; integers come from the node's bigint, so 64-bit values stay exact. */
export function taggedScalar(node: AST.TOMLValue): TaggedScalar {
  switch (node.kind) {
    case 'string':
      return { type: 'string', value: node.value };
    case 'integer':
      return { type: 'integer', value: node.bigint.toString() };
    case 'float':
      return { type: 'float', value: formatFloat(node.value) };
    case 'boolean':
      return { type: 'bool', value: String(node.value) };
    default:
      return { type: DATE_TYPES[node.kind], value: canonicalDateTimeText(node.kind, node.datetime) };
  }
}

/** `inf`, `-inf`, `nan`, otherwise the shortest round-trip form with a `.0` for whole numbers. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function isScalar(v: unknown): v is TaggedScalar {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  return keys.length === 2 && typeof o['type'] === 'string' && typeof o['value'] === 'string';
}

/**
 * Compares a decoded value with an expected one under the upstream runner's rules. Returns
 * undefined when equal, otherwise a message naming the first difference.
 */
export function compareTagged(actual: unknown, expected: unknown, path = ''): string | undefined {
  const at = path || '(root)';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array`;
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} elements, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const diff = compareTagged(actual[i], expected[i], `${path}[${i}]`);
      if (diff) return diff;
    }
    return undefined;
  }
  if (isScalar(expected)) return isScalar(actual) ? compareScalar(actual, expected, at) : `${at}: expected a ${expected.type}`;
  if (typeof expected !== 'object' || expected === null) return `${at}: malformed expected value`;
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || isScalar(actual)) return `${at}: expected a table`;
  const want = Object.keys(expected).sort();
  const got = Object.keys(actual).sort();
  if (want.join('\u0000') !== got.join('\u0000')) return `${at}: keys differ: expected [${want}], got [${got}]`;
  for (const key of want) {
    const diff = compareTagged((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    if (diff) return diff;
  }
  return undefined;
}

function compareScalar(actual: TaggedScalar, expected: TaggedScalar, at: string): string | undefined {
  const mismatch = `${at}: expected ${expected.type} ${JSON.stringify(expected.value)}, got ${actual.type} ${JSON.stringify(actual.value)}`;
  if (actual.type !== expected.type) return mismatch;
  switch (expected.type) {
    case 'bool':
      return actual.value.toLowerCase() === expected.value.toLowerCase() ? undefined : mismatch;
    case 'float':
      return sameFloat(actual.value, expected.value) ? undefined : mismatch;
    case 'datetime':
      return instantOf(normaliseDateText(actual.value)) === instantOf(normaliseDateText(expected.value)) ? undefined : mismatch;
    case 'datetime-local':
    case 'time-local':
      return millisecondText(actual.value) === millisecondText(expected.value) ? undefined : mismatch;
    default:
      return actual.value === expected.value ? undefined : mismatch;
  }
}

function parseFloatText(s: string): number {
  const t = s.toLowerCase().replace(/_/g, '');
  if (/^[+-]?nan$/.test(t)) return Number.NaN;
  if (/^[+-]?inf$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

function sameFloat(a: string, b: string): boolean {
  const x = parseFloatText(a);
  const y = parseFloatText(b);
  return (Number.isNaN(x) && Number.isNaN(y)) || x === y;
}

/** `t`->`T`, `z`->`Z`, space separator -> `T`. */
function normaliseDateText(s: string): string {
  return s.replace(/^(\d{4}-\d{2}-\d{2})[ t]/, '$1T').replace(/z$/, 'Z');
}

/** Local date/times compared at millisecond precision, as the runner does. */
function millisecondText(s: string): string {
  const m = /^(.*\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(normaliseDateText(s));
  if (!m) return s;
  return `${m[1]}.${((m[2] ?? '') + '000').slice(0, 3)}`;
}
