/**
 * Property tests: random realistic configs and random sequences of updates, inserts, table
 * additions, removals and whole-instrument replacements. After every step the new text parses
 * in the file's dialect, decodes to the independently maintained model (integer vs float
 * included), keeps every byte outside the edited spans, and comments move with their owner.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configArb, configModel, idArb, keyArb, ownedComments, renderConfig, stringArb, valueArb, type GenConfig } from './test-support/daq-config.arbitrary.js';
import type { KeyPath } from './document-index.js';
import { cloneValue, getIn, setIn } from './model-ops.js';
import { addTable, removeTable, setValue, type EditResult } from './toml-editor.js';
import { tomlFloat } from './toml-float.js';
import type { TomlInputValue } from './toml-serialize.js';
import { decodeTomlBytes, encodeTomlText, parseTomlDocument, type TomlDialect } from './toml-text.js';
import { verifyEdit } from './verify-edit.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 2000);
const STAMP = '2026-08-20T10:00:00.000Z';

const opArb = fc.oneof(
  fc.record({ type: fc.constant('update' as const), pick: fc.nat(), bundle: fc.record({ s: stringArb, i: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), f: fc.integer({ min: -8000, max: 8000 }), b: fc.boolean() }), asNumber: fc.boolean(), retype: fc.nat(9), marker: fc.boolean() }),
  fc.record({ type: fc.constant('insert' as const), pick: fc.nat(), key: keyArb, value: valueArb, newTable: fc.boolean(), marker: fc.boolean() }),
  fc.record({ type: fc.constant('add' as const), id: idArb, values: fc.dictionary(keyArb, valueArb, { maxKeys: 3 }), sub: fc.boolean(), comment: fc.boolean(), floats: fc.boolean() }),
  fc.record({ type: fc.constant('remove' as const), pick: fc.nat(), placeholder: fc.boolean() }),
  fc.record({ type: fc.constant('replace' as const), pick: fc.nat(), drop: fc.nat(3), key: keyArb, value: valueArb }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

interface State {
  text: string;
  model: Record<string, unknown>;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Paths of every leaf (scalars and arrays) in the model. */
function leaves(value: unknown, prefix: KeyPath = []): KeyPath[] {
  if (!isTable(value)) return prefix.length > 0 ? [prefix] : [];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

/** Paths of every table in the model (the root included). */
function tables(value: unknown, prefix: KeyPath = []): KeyPath[] {
  if (!isTable(value)) return [];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => tables(v, [...prefix, k]))];
}

function instrumentIds(state: State): string[] {
  const inst = state.model['instruments'];
  return isTable(inst) ? Object.keys(inst) : [];
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** A new value for a leaf: same TOML type unless `retype` asks for another one. */
function updateValue(old: unknown, op: Extract<Op, { type: 'update' }>): { input: TomlInputValue; model: unknown } {
  const { s, i, f, b } = op.bundle;
  const kind = op.retype === 0 ? ['string', 'bigint', 'number', 'boolean'][op.pick % 4] : typeof old;
  const sameType = kind === typeof old;
  if (kind === 'bigint') return { input: sameType && op.asNumber && i >= -(2n ** 53n) && i <= 2n ** 53n ? Number(i) : i, model: i };
  if (kind === 'number') {
    const v = op.asNumber && typeof old === 'number' ? Math.round(f / 8) : Math.trunc(f / 8) + 0.5;
    return { input: v, model: v };
  }
  if (kind === 'boolean') return { input: b, model: b };
  if (Array.isArray(old)) {
    const next = [[...old, i], old.slice(1), old.slice(0, -1), [i]][op.pick % 4] as bigint[];
    return { input: next, model: next };
  }
  return { input: s, model: s };
}

/** One step's outcome; `removed` lost all its comments, `reshaped` may have lost some (dropped keys). */
interface StepOutcome {
  result: EditResult;
  model: Record<string, unknown>;
  removed?: string;
  reshaped?: string;
}

/** A new key has no type to keep: a whole JS number is written as an integer. */
function asWritten(v: unknown): unknown {
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return BigInt(v);
  if (Array.isArray(v)) return v.map(asWritten);
  if (isTable(v)) return Object.fromEntries(Object.entries(v).map(([k, el]) => [k, asWritten(el)]));
  return v;
}

type FileInfo = { readonly eol: '\n' | '\r\n'; readonly dialect: TomlDialect };
type OpOf<T extends Op['type']> = Extract<Op, { type: T }>;

function stepUpdate(state: State, op: OpOf<'update'>, file: FileInfo): StepOutcome | undefined {
  const model = cloneValue(state.model);
  const path = pick(leaves(model), op.pick);
  if (!path) return undefined;
  const v = updateValue(getIn(model, path), op);
  setIn(model, path, v.model);
  return { result: setValue(state.text, path, v.input, { ...file, ...(op.marker ? { changedAt: STAMP } : {}) }), model };
}

function stepInsert(state: State, op: OpOf<'insert'>, file: FileInfo): StepOutcome | undefined {
  const model = cloneValue(state.model);
  const parent = op.newTable ? ['modules', `m${op.pick % 3}`] : pick(tables(model), op.pick);
  if (!parent || getIn(model, [...parent, op.key]) !== undefined) return undefined;
  const existing = getIn(model, parent);
  if (existing !== undefined && !isTable(existing)) return undefined;
  setIn(model, [...parent, op.key], asWritten(op.value.value));
  const options = { ...file, ...(op.marker ? { changedAt: STAMP } : {}) };
  return { result: setValue(state.text, [...parent, op.key], op.value.value as TomlInputValue, options), model };
}

function stepAdd(state: State, op: OpOf<'add'>, file: FileInfo): StepOutcome | undefined {
  if (instrumentIds(state).includes(op.id)) return undefined;
  const model = cloneValue(state.model);
  const values: Record<string, unknown> = Object.fromEntries(Object.entries(op.values).map(([k, v]) => [k, v.value]));
  if (op.sub && !('axis9' in values)) values['axis9'] = { pos: 1.5, ports: [1n, 2n] };
  setIn(model, ['instruments', op.id], op.floats ? { ...values } : asWritten(values));
  // Marked floats stay floats even when whole (the model keeps them as numbers).
  if (op.floats) for (const [k, v] of Object.entries(values)) if (typeof v === 'number') values[k] = tomlFloat(v);
  const options = { afterPrefix: ['instruments'], ...file, ...(op.comment ? { comment: `# Added dynamically: ${STAMP}` } : {}) };
  return { result: addTable(state.text, ['instruments', op.id], values as TomlInputValue, options), model };
}

function stepRemove(state: State, op: OpOf<'remove'>, file: FileInfo): StepOutcome | undefined {
  const id = pick(instrumentIds(state), op.pick);
  if (id === undefined) return undefined;
  const model = cloneValue(state.model);
  const inst = model['instruments'] as Record<string, unknown>;
  delete inst[id];
  // A table that only existed through its sub-tables disappears with the last of them.
  const header = /^[ \t]*\[[ \t]*instruments[ \t]*\]/m.test(state.text);
  if (Object.keys(inst).length === 0 && !header) delete model['instruments'];
  const options = { ...file, ...(op.placeholder ? { placeholder: `# Removed: ${id} at ${STAMP}` } : {}) };
  return { result: removeTable(state.text, ['instruments', id], options), model, removed: id };
}

/** Replaces a whole instrument: one key dropped, one key set (new keys are written as new). */
function stepReplace(state: State, op: OpOf<'replace'>, file: FileInfo): StepOutcome | undefined {
  const id = pick(instrumentIds(state), op.pick);
  const model = cloneValue(state.model);
  const inst = model['instruments'] as Record<string, unknown>;
  const old = id === undefined ? undefined : inst[id];
  if (id === undefined || !isTable(old)) return undefined;
  const next = { ...old };
  const keys = Object.keys(next);
  if (op.drop > 0 && keys.length > 1) delete next[keys[op.drop % keys.length] as string];
  const added = !(op.key in old);
  if (added) next[op.key] = op.value.value;
  inst[id] = added ? { ...next, [op.key]: asWritten(op.value.value) } : next;
  return { result: setValue(state.text, ['instruments', id], next as TomlInputValue, file), model, reshaped: id };
}

function step(state: State, op: Op, file: FileInfo): StepOutcome | undefined {
  switch (op.type) {
    case 'update':
      return stepUpdate(state, op, file);
    case 'insert':
      return stepInsert(state, op, file);
    case 'add':
      return stepAdd(state, op, file);
    case 'remove':
      return stepRemove(state, op, file);
    case 'replace':
      return stepReplace(state, op, file);
  }
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function checkStep(state: State, out: StepOutcome, eol: string, dialect: TomlDialect): void {
  const { result, model } = out;
  const check = verifyEdit({ oldText: state.text, newText: result.text, spans: result.spans, intended: model, dialect, strictNumbers: true });
  if (!check.ok) throw new Error(`${check.failure.check}: ${check.failure.message}\n--- old\n${state.text}\n--- new\n${result.text}`);
  expect(result.dialect).toBe(dialect);
  expect(result.text).not.toMatch(/# changed.*# changed/);
  if (eol === '\r\n') expect(result.text).not.toMatch(/(^|[^\r])\n/);
  else expect(result.text).not.toContain('\r');
  for (const id of instrumentIds(state)) {
    for (const tag of ownedComments(id)) {
      const before = countOf(state.text, tag);
      const after = countOf(result.text, tag);
      const ok = id === out.removed ? after === 0 : id === out.reshaped ? after <= before : after === before;
      if (!ok) throw new Error(`comment ${tag}: ${before} times before, ${after} after\n--- old\n${state.text}\n--- new\n${result.text}`);
    }
  }
}

function run(cfg: GenConfig, ops: readonly Op[]): void {
  const rendered = renderConfig(cfg).replace(/\n/g, cfg.eol);
  const bytes = encodeTomlText(rendered, cfg.bom);
  const decoded = decodeTomlBytes(bytes);
  let state: State = { text: decoded.text, model: configModel(cfg) };
  const dialect = parseTomlDocument(decoded.text).dialect;
  expect(dialect).toBe(cfg.v11 ? '1.1' : '1.0');
  const initial = verifyEdit({ oldText: state.text, newText: state.text, spans: [], intended: state.model, dialect, strictNumbers: true });
  if (!initial.ok) throw new Error(`generated config is off: ${initial.failure.message}\n${state.text}`);
  for (const op of ops) {
    const out = step(state, op, { eol: decoded.eol, dialect });
    if (!out) continue;
    checkStep(state, out, decoded.eol, dialect);
    state = { text: out.result.text, model: out.model };
  }
  const saved = encodeTomlText(state.text, decoded.bom);
  const reread = decodeTomlBytes(saved);
  expect([reread.text, reread.bom]).toEqual([state.text, cfg.bom]);
  if (state.text.includes('\n')) expect(reread.eol).toBe(decoded.eol);
}

describe('format-preserving editor (property)', () => {
  it(`keeps text, value and comments right over random edit sequences (${RUNS} runs)`, { timeout: Math.max(60_000, RUNS * 40) }, () => {
    const started = performance.now();
    fc.assert(fc.property(configArb, fc.array(opArb, { minLength: 1, maxLength: 10 }), run), { numRuns: RUNS });
    console.log(`property: ${RUNS} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
