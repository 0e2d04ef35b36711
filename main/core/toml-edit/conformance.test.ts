/**
 * toml-test conformance: every valid case of each version decodes to its expected tagged JSON,
 * every invalid case is rejected in that version's dialect, and valid cases survive edits.
 */
import { describe, expect, it } from 'vitest';
import { assertSuitePresent, readSuite, suiteDirectory, type SuiteCases, type SuiteVersion } from './conformance-suite.js';
import { compareTagged, toTaggedJson } from './tagged-json.js';
import { decodeTomlBytes, parseTomlDocument, parseTomlText, type TomlDialect } from './toml-text.js';
import { plainDocumentValue, type PlainValue } from './document-value.js';
import { TomlDecodeError, TomlSyntaxError } from './errors.js';
import type { KeyPath } from './document-index.js';
import { TomlDateTime } from './toml-datetime.js';
import { setValue } from './toml-editor.js';
import type { TomlInputValue } from './toml-serialize.js';
import { verifyEdit } from './verify-edit.js';

const dir = suiteDirectory();

function loadOrFail(version: SuiteVersion): SuiteCases {
  assertSuitePresent(dir);
  return readSuite(dir, version);
}

function decodeCase(bytes: Buffer, dialect: TomlDialect): unknown {
  return toTaggedJson(parseTomlText(decodeTomlBytes(bytes).text, dialect));
}

const VERSIONS: [SuiteVersion, TomlDialect, number, number][] = [
  ['1.0.0', '1.0', 210, 499],
  ['1.1.0', '1.1', 220, 492],
];

describe.each(VERSIONS)('toml-test %s', (version, dialect, validTotal, invalidTotal) => {
  it('decodes every valid case and rejects every invalid case', () => {
    const suite = loadOrFail(version);
    const failures: string[] = [];
    let validPassed = 0;
    for (const c of suite.valid) {
      try {
        const diff = compareTagged(decodeCase(c.bytes, dialect), c.expected);
        if (diff) failures.push(`${c.name}: ${diff}`);
        else validPassed++;
      } catch (err) {
        failures.push(`${c.name}: rejected: ${(err as Error).message}`);
      }
    }
    let invalidPassed = 0;
    for (const c of suite.invalid) {
      try {
        decodeCase(c.bytes, dialect);
        failures.push(`${c.name}: accepted an invalid document`);
      } catch (err) {
        if (err instanceof TomlSyntaxError || err instanceof TomlDecodeError) invalidPassed++;
        else failures.push(`${c.name}: crashed instead of rejecting: ${String(err)}`);
      }
    }
    console.log(
      `toml-test ${version}: valid ${validPassed}/${suite.valid.length}, invalid ${invalidPassed}/${suite.invalid.length}`,
    );
    expect(failures).toEqual([]);
    expect([suite.valid.length, suite.invalid.length]).toEqual([validTotal, invalidTotal]);
  });
});

/** Paths of every scalar in a decoded value, arrays and arrays of tables included. */
function scalarPaths(value: PlainValue, prefix: KeyPath = []): { path: KeyPath; value: PlainValue }[] {
  if (Array.isArray(value)) return value.flatMap((el, i) => scalarPaths(el, [...prefix, i]));
  if (typeof value === 'object' && !(value instanceof TomlDateTime)) {
    return Object.entries(value).flatMap(([k, el]) => scalarPaths(el, [...prefix, k]));
  }
  return [{ path: prefix, value }];
}

/** A different value of the same TOML type, or undefined for date/times. */
function otherValue(v: PlainValue): TomlInputValue | undefined {
  if (typeof v === 'string') return `${v}~é\t"'`;
  if (typeof v === 'bigint') return v === 2n ** 63n - 1n ? v - 1n : v + 1n;
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0.25 : 1.5;
  if (typeof v === 'boolean') return !v;
  return undefined;
}

function unusedKey(model: Record<string, unknown>): string {
  let key = 'daq-new-key';
  while (Object.hasOwn(model, key)) key += '-x';
  return key;
}

describe.each(VERSIONS)('toml-test %s valid cases under edits', (version, dialect) => {
  it('keeps every case byte for byte on identity edits and changes only the edited spans otherwise', () => {
    const suite = loadOrFail(version);
    const failures: string[] = [];
    let edits = 0;
    for (const c of suite.valid) {
      const text = decodeTomlBytes(c.bytes).text;
      const model = plainDocumentValue(parseTomlText(text, dialect));
      try {
        for (const { path, value } of scalarPaths(model)) {
          const same = setValue(text, path, value as TomlInputValue, { dialect });
          if (same.text !== text || same.spans.length > 0) failures.push(`${c.name}: identity edit of ${String(path)} changed the text`);
          edits++;
        }
        for (const { path, value } of scalarPaths(model).slice(0, 25)) {
          const next = otherValue(value);
          if (next === undefined) continue;
          const changed = setValue(text, path, next, { dialect });
          const back = plainDocumentValue(parseTomlText(changed.text, dialect));
          expectSameKind(failures, c.name, path, value, back);
          edits++;
        }
        const key = unusedKey(model);
        const added = setValue(text, [key], 'added', { dialect });
        const check = verifyEdit({ oldText: text, newText: added.text, spans: added.spans, intended: { ...model, [key]: 'added' }, dialect });
        if (!check.ok || added.spans.length !== 1) failures.push(`${c.name}: new top-level key: ${check.ok ? 'spans' : check.failure.message}`);
        if (parseTomlDocument(added.text).dialect !== parseTomlDocument(text).dialect) failures.push(`${c.name}: dialect changed`);
        edits++;
      } catch (err) {
        failures.push(`${c.name}: ${(err as Error).message}`);
      }
    }
    console.log(`toml-test ${version}: ${edits} edits on ${suite.valid.length} valid cases`);
    expect(failures).toEqual([]);
  });
});

function expectSameKind(failures: string[], name: string, path: KeyPath, before: PlainValue, doc: Record<string, unknown>): void {
  let after: unknown = doc;
  for (const seg of path) after = (after as Record<string | number, unknown>)[seg];
  if (typeof after !== typeof before) failures.push(`${name}: ${String(path)} changed type from ${typeof before} to ${typeof after}`);
}
