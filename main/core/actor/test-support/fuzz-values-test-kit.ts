/**
 * Building blocks of the contract fuzz (test-only): hostile leaf values, and the two ways a
 * generated payload reaches the core. Over the socket a payload is JSON text written here by
 * hand, so values JSON.stringify cannot write (-0, ±Infinity as `1e999`, NaN, BigInt digits)
 * still arrive; over IPC it is the JS value itself, including what structured clone carries
 * and JSON cannot (NaN, BigInt, Map, Date, cycles).
 */
import fc from 'fast-check';
import { payloadLimits } from '../../../../shared/ipc/contract.js';

/** A value whose socket text and IPC value are chosen separately, both when the case is sent. */
export class Raw {
  constructor(
    readonly text: string | (() => string),
    readonly ipc: () => unknown,
    readonly label: string,
    /** False when `text` is not JSON on purpose (`NaN`): the server answers such a frame with id -1. */
    readonly json = true,
  ) {}

  wire(): string {
    return typeof this.text === 'string' ? this.text : this.text();
  }
}

export const protoNames = ['__proto__', 'constructor', 'prototype'] as const;
/** Prototype names plus inherited members a careless `obj[id]` lookup would find. */
export const protoLikeNames = [...protoNames, 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** `n` levels of `[` or `{"a":`, built without recursion for both transports. */
export function deep(n: number, open: '[' | '{"a":'): Raw {
  const text = (): string => `${open.repeat(n)}${open === '[' ? '' : '0'}${(open === '[' ? ']' : '}').repeat(n)}`;
  const ipc = (): unknown => {
    let value: unknown = open === '[' ? [] : 0;
    for (let i = 1; i < n + (open === '[' ? 0 : 1); i += 1) value = open === '[' ? [value] : { a: value };
    return value;
  };
  return new Raw(text, ipc, `deep ${open} ${n}`);
}

const { maxStringLength, maxEntries } = payloadLimits;

export const specialNumber = fc.constantFrom<unknown>(
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 + 2,
  -1,
  0,
  1e6 + 1,
  new Raw('1e999', () => Number.POSITIVE_INFINITY, '1e999'),
  new Raw('-1e999', () => Number.NEGATIVE_INFINITY, '-1e999'),
  new Raw('123456789012345678901234567890', () => 123456789012345678901234567890n, 'bigint'),
  new Raw('0.1e-99999', () => 0, 'underflow'),
);

export const anyNumber = fc.oneof({ weight: 3, arbitrary: fc.double() }, { weight: 2, arbitrary: fc.integer() }, { weight: 2, arbitrary: specialNumber });

/** Strings that broke things before: lone surrogates, control characters, TOML syntax, sizes. */
export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '', ' ', 'Cam\ud800', '\udc00tail', 'a\ud800\udc00b', 'nul\u0000byte', '\u001b[31mred', 'line\nbreak', 'cr\ronly', '\u2028\u2029',
      '\ufeffbom', 'tab\tx', '"quoted"', "it's", "'''", '"""', '\\', '\\u0000', 'a = 1', '[x]', '# comment', '${HOME}', '😀', 'é', 'e\u0301',
    ),
  },
);

/** Long strings: ~120 KB ones reach persistence, the ones at and over the limit test it. Costly, so rare. */
export const longString = fc.oneof(fc.integer({ min: 100_000, max: 130_000 }), fc.constantFrom(maxStringLength, maxStringLength + 1)).map((n) => 'x'.repeat(n));

/** A string for a field a person types (a name): mostly nasty, sometimes long. */
export const typedString = fc.oneof({ weight: 500, arbitrary: nastyString }, { weight: 1, arbitrary: longString });

/** Values only IPC can carry as such; over the socket they become odd or invalid JSON text. */
export const ipcOnly = fc.constantFrom<unknown>(
  new Raw('NaN', () => Number.NaN, 'NaN', false),
  new Raw('{}', () => new Map([['type', 'mock']]), 'Map'),
  new Raw('"1970-01-01T00:00:00.000Z"', () => new Date(0), 'Date'),
  new Raw('[1,2]', () => new Uint8Array([1, 2]), 'Uint8Array'),
  new Raw('{"self":{}}', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    return cyclic;
  }, 'cycle'),
  new Raw('undefined', () => undefined, 'undefined', false),
);

/** Payload-sized monsters: deep, wide, long (over and under the limits). */
export const monster = fc.oneof(
  longString,
  fc.tuple(fc.integer({ min: payloadLimits.maxDepth - 2, max: 3_000 }), fc.constantFrom('[' as const, '{"a":' as const)).map(([n, open]) => deep(n, open)),
  fc.constant(deep(100_000, '[')),
  fc.constantFrom(maxEntries, maxEntries + 1, 60_000).map((n) => new Raw(() => `[${'0,'.repeat(n - 1)}0]`, () => new Array<number>(n).fill(0), `array ${n}`)),
  fc.constant(maxEntries + 1).map((n) => {
    const keys = (): string[] => Array.from({ length: n }, (_, i) => `k${i}`);
    return new Raw(() => `{${keys().map((k) => `"${k}":0`).join(',')}}`, () => Object.fromEntries(keys().map((k) => [k, 0])), `object ${n}`);
  }),
);

export const keyArb = fc.oneof(
  { weight: 450, arbitrary: fc.constantFrom<string>(...protoLikeNames) },
  { weight: 450, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 150, arbitrary: fc.constantFrom('', 'type', 'id', 'persist', 'a.b') },
  { weight: 1, arbitrary: fc.constant('k'.repeat(maxStringLength + 1)) },
);

const leaf = fc.oneof(anyNumber, nastyString, fc.boolean(), fc.constant(null), fc.constant(undefined));

/** Objects are built with Object.fromEntries so a `__proto__` key stays an own key, as JSON.parse makes it. */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 3 }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.array(fc.tuple(keyArb, tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
})).value;

/** Anything at all: mostly small junk, sometimes an IPC-only value, rarely a (costly) monster. */
export const anything = fc.oneof({ weight: 1000, arbitrary: junk }, { weight: 1, arbitrary: monster }, { weight: 100, arbitrary: ipcOnly });

/** JSON text of a generated value, with the hand-written forms JSON.stringify cannot produce. */
export function wireJson(value: unknown): string {
  if (value instanceof Raw) return value.wire();
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (value === Number.POSITIVE_INFINITY) return '1e999';
      if (value === Number.NEGATIVE_INFINITY) return '-1e999';
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'undefined':
      return 'null';
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(wireJson).join(',')}]`;
  const entries = Object.keys(value as object).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  return `{${entries.map((k) => `${JSON.stringify(k)}:${wireJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Whether {@link wireJson} of `value` is JSON (NaN, for one, has no JSON form). */
export function isWireJson(value: unknown): boolean {
  if (value instanceof Raw) return value.json;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every(isWireJson);
}

/** The IPC form of a generated value: every {@link Raw} replaced by its value (copying only what holds one). */
export function ipcValue(value: unknown): unknown {
  if (value instanceof Raw) return value.ipc();
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const converted = entries.map(([, v]) => ipcValue(v));
  if (converted.every((v, i) => v === entries[i]?.[1])) return value;
  return Array.isArray(value) ? converted : Object.fromEntries(entries.map(([k], i) => [k, converted[i]]));
}
