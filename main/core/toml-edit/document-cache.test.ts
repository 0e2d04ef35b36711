/**
 * The document cache and the contexts carried over line rewrites: edits through the cache give
 * exactly the texts edits without it give, and a carried-over context describes its text as
 * a fresh parse would, down to every offset, line and column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AST } from 'toml-eslint-parser';
import { configArb, keyArb, renderConfig } from './test-support/daq-config.arbitrary.js';
import { TomlDocumentCache } from './document-cache.js';
import type { KeyPath } from './document-index.js';
import { createContext } from './edit-context.js';
import { removeTable, setValue, type EditResult } from './toml-editor.js';
import type { TomlInputValue } from './toml-serialize.js';
import { parseTomlText, type TomlDialect } from './toml-text.js';

const RUNS = Math.max(50, Math.round(Number(process.env['PROPERTY_RUNS'] ?? 2000) / 4));
const STAMP = '2026-08-20T10:00:00Z';

/** Everything a parse says about a text, without parent links and object identity. */
function shape(ast: AST.TOMLProgram): string {
  const plain = { body: ast.body, tokens: ast.tokens, comments: ast.comments, range: ast.range, loc: ast.loc };
  return JSON.stringify(plain, (key, v: unknown) => (key === 'parent' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

/** The context the cache holds for `text`, checked against a fresh parse and handed back. */
function heldMatchesParse(cache: TomlDocumentCache, text: string, dialect: TomlDialect): boolean {
  const held = cache.take(text, dialect);
  if (!held) return false;
  expect(shape(held.ast)).toBe(shape(parseTomlText(text, dialect)));
  cache.put(held);
  return !held.parsed;
}

describe('TomlDocumentCache', () => {
  it('hands a context over once, for exactly its text and dialect', () => {
    const cache = new TomlDocumentCache();
    const ctx = createContext('a = 1\n');
    cache.put(ctx);
    expect(cache.take('a = 1\n', '1.1')).toBeUndefined();
    cache.put(ctx);
    expect(cache.take('a = 1 \n', '1.0')).toBeUndefined();
    expect(cache.take('a = 1\n', '1.0')).toBeUndefined();
    cache.put(ctx);
    expect(cache.take('a = 1\n', undefined)).toBe(ctx);
    expect(cache.take('a = 1\n', undefined)).toBeUndefined();
  });

  it('lets only a 1.0 document stand in for dialect detection', () => {
    const cache = new TomlDocumentCache();
    cache.put(createContext('a = 1\n', { dialect: '1.1' }));
    expect(cache.take('a = 1\n', undefined)).toBeUndefined();
  });

  it('carries a context over a chain of one-line edits and back to a full parse for other edits', () => {
    const cache = new TomlDocumentCache();
    const text0 = '# top\nn = 1 # note\n[t]\ns = "x"\n\n[u]\nf = 1.5\n';
    const a = setValue(text0, ['n'], 2, { cache, changedAt: STAMP });
    expect(heldMatchesParse(cache, a.text, '1.0')).toBe(true);
    const b = setValue(a.text, ['t', 's'], 'a "quoted" value', { cache });
    const c = setValue(b.text, ['u', 'f'], 2.25, { cache, changedAt: STAMP });
    expect(heldMatchesParse(cache, c.text, '1.0')).toBe(true);
    const d = setValue(c.text, ['t', 'new'], true, { cache });
    expect(heldMatchesParse(cache, d.text, '1.0')).toBe(false);
    expect(d.text).toBe(setValue(setValue(setValue(setValue(text0, ['n'], 2, { changedAt: STAMP }).text, ['t', 's'], 'a "quoted" value').text, ['u', 'f'], 2.25, { changedAt: STAMP }).text, ['t', 'new'], true).text);
    expect(d.value).toEqual({ n: 2n, t: { s: 'a "quoted" value', new: true }, u: { f: 2.25 } });
  });

  it('builds the decoded value of a locally verified edit when it is read', () => {
    const out = setValue('a = 1\n[t]\nb = 2\n', ['t', 'b'], 3);
    expect(out.value).toEqual({ a: 1n, t: { b: 3 } });
    expect(Object.keys(out)).toEqual(['text', 'spans', 'dialect', 'value']);
  });
});

type Step = { kind: 'set'; pick: number; value: TomlInputValue; marker: boolean } | { kind: 'insert'; pick: number; key: string } | { kind: 'remove'; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: fc.oneof(fc.integer({ min: -99, max: 99 }), fc.double({ noNaN: true, min: -1e3, max: 1e3 }), fc.string({ maxLength: 5 }), fc.boolean()), marker: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), pick: fc.nat(), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
);

/** One step on `text`, or undefined when it does not apply (no such key, or the edit is refused). */
function apply(text: string, dialect: TomlDialect, step: Step, cache: TomlDocumentCache | undefined): EditResult | undefined {
  const pairs = createContext(text, { dialect }).index.bodyPairs;
  const target = pairs[step.pick % Math.max(1, pairs.length)];
  if (!target) return undefined;
  const path: KeyPath = step.kind === 'insert' ? [...target.path.slice(0, -1), step.key] : target.path;
  try {
    if (step.kind === 'remove') return removeTable(text, path, { dialect, cache });
    const value = step.kind === 'set' ? step.value : 1;
    return setValue(text, path, value, { dialect, cache, ...(step.kind === 'set' && step.marker ? { changedAt: STAMP } : {}) });
  } catch {
    return undefined;
  }
}

describe('edits through the cache (property)', () => {
  it(`give the same texts, and carried-over contexts equal fresh parses (${RUNS} runs)`, { timeout: 120_000 }, () => {
    let carried = 0;
    fc.assert(
      fc.property(configArb, fc.array(stepArb, { minLength: 1, maxLength: 8 }), (cfg, steps) => {
        const start = renderConfig(cfg).replace(/\n/g, cfg.eol);
        const dialect: TomlDialect = cfg.v11 ? '1.1' : '1.0';
        const cache = new TomlDocumentCache();
        let plain = start;
        let cached = start;
        for (const step of steps) {
          const a = apply(plain, dialect, step, undefined);
          const b = apply(cached, dialect, step, cache);
          expect(b?.text).toBe(a?.text);
          expect(b?.spans).toEqual(a?.spans);
          if (!a || !b) continue;
          plain = a.text;
          cached = b.text;
          if (heldMatchesParse(cache, cached, dialect)) carried++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(carried).toBeGreaterThan(RUNS / 4);
  });
});
