/**
 * Validating values set on a config that loaded must never say more than a full load of the
 * edited text would: where it answers, the config and the decoded value are exactly the full
 * load's; where the full load refuses the text, it does not answer. The edited texts come from
 * the real editor, as the writer makes them, on the shipped config.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setValue, tomlFloat } from '../toml-edit/index.js';
import { validateValueSets, type ValidatedConfig, type ValueSet } from './config-delta.js';
import { loadConfigText } from './loader.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FILE = 'default.toml';
const shipped = readFileSync(join(root, 'config', 'default.toml'), 'utf8');

function validated(text: string): ValidatedConfig {
  const loaded = loadConfigText(text, FILE);
  if (!loaded.ok) throw new Error(`does not load: ${loaded.issues[0]?.message}`);
  return { decoded: loaded.doc.value, config: loaded.config };
}

const base = validated(shipped);

/** Every existing non-table value inside an instrument or module entry, as a key path. */
function valuePaths(value: unknown, path: string[]): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return path.length >= 3 ? [path] : [];
  return Object.entries(value).flatMap(([k, v]) => valuePaths(v, [...path, k]));
}
const paths = (['instruments', 'modules'] as const).flatMap((group) => valuePaths(base.decoded[group], [group]));

/** Values that fit somewhere, values that fit nowhere, and values only a full load can judge. */
const existing = paths.map((p) => p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], base.decoded));
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...existing),
  fc.integer({ min: -5, max: 200_000 }),
  fc.double({ noNaN: false, noDefaultInfinity: false }),
  fc.double({ noNaN: false, noDefaultInfinity: false }).map(tomlFloat),
  fc.constantFrom(-0, 2 ** 53, 1e300, 0.5, 9600, 19200, 3, 1),
  fc.constantFrom('sim://newport_1830c', 'sim://newport_1830c/sample', 'sim://mock', 'sim://nope', '', '  ', 'COM3', 'com3', '/dev/ttyUSB0', 'pm_sample', 'signal_gen', 'nowhere', 'W', 'loud'),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3 }),
  fc.constant(new Date(0)),
  fc.constant({ nested: 1 }),
);
/** Values near the one a key has, so that many sets still fit: the same, one off, doubled, halved. */
function near(v: unknown): fc.Arbitrary<unknown> {
  // A float parameter's value comes as the app sends it (a TomlFloat), or as a plain number.
  if (typeof v === 'number') return fc.constantFrom(v, v + 1, v - 1, v * 2, v / 2).chain((n) => fc.constantFrom(n, tomlFloat(n)));
  if (typeof v === 'boolean') return fc.boolean();
  return fc.constant(v);
}
const setArb = fc
  .nat(paths.length - 1)
  .chain((i) => fc.record({ path: fc.constant(paths[i] as string[]), value: fc.oneof({ weight: 3, arbitrary: near(existing[i]) }, { weight: 2, arbitrary: valueArb }) }));

/** The text the writer would produce, or undefined where the editor refuses the value. */
function edited(sets: readonly ValueSet[], from = shipped): string | undefined {
  let text = from;
  try {
    for (const s of sets) text = setValue(text, [...s.path], s.value as never, { changedAt: '2026-12-06T00:00:00Z' }).text;
  } catch {
    return undefined;
  }
  return text;
}

describe('validating values set on a loaded config', () => {
  it('answers only what a full load of the edited text answers, and exactly that', () => {
    const seen = { answered: 0, refusedByLoad: 0 };
    fc.assert(
      fc.property(fc.array(setArb, { minLength: 1, maxLength: 2 }), (sets) => {
        const text = edited(sets);
        if (text === undefined) return;
        const full = loadConfigText(text, FILE);
        const quick = validateValueSets(base, sets);
        if (!full.ok) seen.refusedByLoad += 1;
        if (!quick) return;
        seen.answered += 1;
        expect(full.ok).toBe(true);
        if (!full.ok) return;
        expect(quick.config).toEqual(full.config);
        expect(quick.decoded).toEqual(full.doc.value);
      }),
      { numRuns: 600, seed: 20261206 },
    );
    // Neither side of the property may be vacuous.
    expect(seen.answered).toBeGreaterThan(150);
    expect(seen.refusedByLoad).toBeGreaterThan(150);
  });

  it('leaves the config it started from as it was', () => {
    const before = structuredClone(base);
    const after = validateValueSets(base, [{ path: ['instruments', 'pm_sample', 'wavelength'], value: 633 }]);
    expect(after?.config.instruments['pm_sample']?.['wavelength']).toBe(633);
    expect(base).toEqual(before);
    // Untouched entries are shared, not copied.
    expect(after?.config.instruments['pm_reference']).toBe(base.config.instruments['pm_reference']);
  });

  it('leaves an integer beyond 2^53 − 1, and −0, to the full load where the file writes integers', () => {
    const integers = shipped.replace('low_threshold = 1.0e-4 ', 'low_threshold = 0      ');
    const set = { path: ['modules', 'power_watch', 'low_threshold'], value: 2 ** 53 + 2 };
    const text = edited([set], integers);
    expect(text).toContain('low_threshold = 9007199254740994');
    expect(loadConfigText(text as string, FILE).ok).toBe(false);
    expect(validateValueSets(validated(integers), [set])).toBeUndefined();
    // −0 written as an integer reads back as 0: not the value set, so not answered either.
    const minusZero = { path: set.path, value: -0 };
    expect(loadConfigText(edited([minusZero], integers) as string, FILE)).toMatchObject({ ok: true, config: { modules: { power_watch: { low_threshold: 0 } } } });
    expect(validateValueSets(validated(integers), [minusZero])).toBeUndefined();
  });

  it('takes a float parameter as the app sends it, and keeps no array the caller holds', () => {
    const after = validateValueSets(base, [{ path: ['instruments', 'pm_sample', 'wavelength'], value: tomlFloat(633) }]);
    expect(after?.config.instruments['pm_sample']?.['wavelength']).toBe(633);
    expect(after?.decoded['instruments']).toMatchObject({ pm_sample: { wavelength: 633 } });
    const axes = paths.find((p) => Array.isArray(existing[paths.indexOf(p)]));
    expect(axes).toBeDefined();
    const sent = [...(existing[paths.indexOf(axes as string[])] as unknown[])];
    const withArray = validateValueSets(base, [{ path: axes as string[], value: sent }]);
    expect(withArray).toBeDefined();
    const held = (axes as string[]).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], withArray?.decoded);
    expect(held).toEqual(sent);
    expect(held).not.toBe(sent);
  });

  it.each([
    ['a key the entry does not have', ['instruments', 'pm_sample', 'no_such_key'], 1],
    ['an entry that does not exist', ['instruments', 'nobody', 'port'], 'COM1'],
    ['a value outside instruments and modules', ['storage', 'default_path'], 'elsewhere'],
    ['a whole entry', ['instruments', 'pm_sample'], { type: 'mock' }],
    ['a table inside an entry', ['modules', 'pol_scan', 'roles'], { rotator: 'hwp_rotator' }],
    ['a date', ['instruments', 'pm_sample', 'wavelength'], new Date(0)],
    ['a value its schema refuses', ['instruments', 'pm_sample', 'wavelength'], 'loud'],
    ['a port another instrument owns', ['instruments', 'pm_reference', 'port'], 'sim://newport_1830c/sample'],
  ])('leaves %s to the full load', (_what, path, value) => {
    expect(validateValueSets(base, [{ path: path as string[], value }])).toBeUndefined();
  });
});
