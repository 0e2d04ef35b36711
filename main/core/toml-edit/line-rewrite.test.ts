/**
 * The local verification of one-line edits: it accepts the plain cases, refuses every case
 * where a one-line view is not enough, and never accepts what the full verification (parse of
 * the whole new text) rejects, over random configs, random edits and random line damage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markerEdits } from './change-marker.js';
import { configArb, renderConfig } from './test-support/daq-config.arbitrary.js';
import type { KeyPath } from './document-index.js';
import { contentValue, plainScalar } from './document-value.js';
import { createContext, type EditContext } from './edit-context.js';
import { checkLineRewrite, findPairValue } from './line-rewrite.js';
import { cloneValue, getIn, setIn } from './model-ops.js';
import { planReplace } from './replace-value.js';
import { applyEdits, type SplicedText } from './text-edits.js';
import type { TomlInputValue } from './toml-serialize.js';
import { parseTomlText, type TomlDialect } from './toml-text.js';
import { verifyEdit } from './verify-edit.js';

const RUNS = Math.max(50, Math.round(Number(process.env['PROPERTY_RUNS'] ?? 2000) / 4));
const MARKER = '# changed 2026-08-20T10:00:00Z';

interface Verdicts {
  readonly local: boolean;
  readonly full: boolean;
  readonly text: string;
}

/** Both verdicts on one spliced text. */
function judge(ctx: EditContext, path: KeyPath, value: unknown, spliced: SplicedText, hitPath: KeyPath = path): Verdicts {
  const hit = findPairValue(ctx.ast, hitPath);
  if (!hit) throw new Error(`no pair for ${JSON.stringify(hitPath)}`);
  const local = checkLineRewrite({ ctx, hit, path, value, spliced }) !== undefined;
  const intended = cloneValue(ctx.model) as Record<string, unknown>;
  setIn(intended, path, value);
  const full = verifyEdit({ oldText: ctx.text, newText: spliced.text, spans: spliced.spans, intended, dialect: ctx.dialect }).ok;
  return { local, full, text: spliced.text };
}

/** The editor's own plan for setting `path`, judged both ways. */
function edit(text: string, path: KeyPath, value: TomlInputValue, marker = false, dialect: TomlDialect = '1.0'): Verdicts {
  const ctx = createContext(text, { dialect });
  const hit = findPairValue(ctx.ast, path);
  if (!hit) throw new Error(`no value at ${JSON.stringify(path)}`);
  const edits = planReplace(ctx, hit.node, value, path);
  return judge(ctx, path, value, applyEdits(text, marker ? [...edits, ...markerEdits(ctx, edits, MARKER, path)] : edits));
}

/** Line `line` (0-based) replaced by `content`, claimed to set `path` to `value`. */
function forced(text: string, line: number, content: string, path: KeyPath, value: unknown, dialect: TomlDialect = '1.0'): Verdicts {
  const ctx = createContext(text, { dialect });
  const spliced = applyEdits(text, [{ start: ctx.lines.start(line), end: ctx.lines.contentEnd(line), insert: content }]);
  return judge(ctx, path, value, spliced);
}

describe('local verification of a one-line edit', () => {
  it('accepts a value replaced on its own line, with its comment and a change marker', () => {
    const text = '# c\na = 1 # note\n[t]\nx.y = "s"\nb = [1, 2] # arr\np = { x = 1, y = 2 }\nf = 1.50\n';
    expect(edit(text, ['a'], 5)).toMatchObject({ local: true, full: true });
    expect(edit(text, ['a'], 5, true)).toMatchObject({ local: true, full: true, text: expect.stringContaining(`a = 5 # note ${MARKER}\n`) });
    expect(edit(text, ['t', 'x', 'y'], 'q"\\')).toMatchObject({ local: true, full: true });
    expect(edit(text, ['t', 'b', 1], 7, true)).toMatchObject({ local: true, full: true });
    expect(edit(text, ['t', 'p', 'y'], 'z')).toMatchObject({ local: true, full: true });
    expect(edit(text, ['t', 'f'], 2)).toMatchObject({ local: true, full: true, text: expect.stringContaining('f = 2.00\n') });
  });

  it('handles CRLF files and a last line without a line break', () => {
    expect(edit('a = 1\r\nb = 2\r\n', ['b'], 0, true)).toMatchObject({ local: true, full: true });
    expect(edit('[t]\na = 1', ['t', 'a'], 0)).toMatchObject({ local: true, full: true, text: '[t]\na = 0' });
  });

  it('refuses a value that opens a construct running into the following lines', () => {
    // In the whole text this parses (a = "# "), so only a local view could be fooled by it.
    expect(forced('a = 1\n# """\n', 0, 'a = """', ['a'], '# ')).toEqual({ local: false, full: true, text: 'a = """\n# """\n' });
    expect(forced('a = 1\nb = 2\n', 0, 'a = [1,', ['a'], [1n])).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\nb = 2\n', 0, "a = '''x", ['a'], 'x')).toMatchObject({ local: false, full: false });
  });

  it('refuses line breaks, second expressions, headers and a changed key', () => {
    expect(forced('a = 1\nb = 2\n', 0, 'a = 1\nc = 3', ['a'], 1n)).toMatchObject({ local: false });
    expect(forced('a = 1\nb = 2\n', 0, 'a = 1 c = 3', ['a'], 1n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\nb = 2\n', 0, '[a]', ['a'], {})).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\nb = 2\n', 0, 'c = 1', ['a'], 1n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\nb = 2\n', 0, 'b = 1', ['a'], 1n)).toMatchObject({ local: false, full: false });
  });

  it('refuses comments that do not parse and values that differ from the intended one', () => {
    expect(forced('a = 1\n', 0, 'a = 5 # bad \u0001', ['a'], 5n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\n', 0, 'a = # 5', ['a'], 5n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\n', 0, 'a = 6', ['a'], 5n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\n', 0, 'a = 5.0', ['a'], 5n)).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\n', 0, 'a = "\\e"', ['a'], '\u001b')).toMatchObject({ local: false, full: false });
    expect(forced('a = 1\n', 0, 'a = "\\e"', ['a'], '\u001b', '1.1')).toMatchObject({ local: true, full: true });
  });

  it('refuses pairs that do not have their line to themselves', () => {
    expect(edit('s = """\nabc"""\nb = 1\n', ['s'], 'x')).toMatchObject({ local: false, full: true });
    expect(edit("s = '''abc'''\n", ['s'], 'x\ny')).toMatchObject({ local: false, full: true });
    expect(edit('a = [\n  1,\n  2,\n]\n', ['a', 0], 5)).toMatchObject({ local: false, full: true });
    expect(edit('t = {\n  x = 1 }\n', ['t', 'x'], 5, false, '1.1')).toMatchObject({ local: false, full: true });
  });

  it('refuses spans that reach beyond the line', () => {
    const ctx = createContext('a = 1\nb = 2\n');
    const spliced = applyEdits(ctx.text, [{ start: 4, end: 5, insert: '5' }, { start: 10, end: 11, insert: '3' }]);
    expect(judge(ctx, ['a'], 5, spliced)).toMatchObject({ local: false, full: false });
  });
});

/** Paths of every scalar or array leaf of a decoded value. */
function leaves(value: unknown, prefix: KeyPath = []): KeyPath[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    return prefix.length > 0 ? [prefix] : [];
  }
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

const newValueArb = fc.oneof(
  fc.integer({ min: -5000, max: 5000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 3 }),
);
const damageArb = fc.array(
  fc.record({ at: fc.nat(), cut: fc.nat(3), insert: fc.constantFrom('', '"', "'", '"""', "'''", '#', '[', ']', '{', '}', '=', ',', '.', '\\', ' ', '1', 'a', 'true', '1979-05-27', 'inf', '\t', 'x = 1') }),
  { minLength: 1, maxLength: 3 },
);

describe('local verification agrees with the full one (property)', () => {
  it(`never accepts what the full check rejects, on editor edits (${RUNS} runs)`, { timeout: 120_000 }, () => {
    let accepted = 0;
    fc.assert(
      fc.property(configArb, fc.nat(), newValueArb, fc.boolean(), (cfg, pick, value, marker) => {
        const text = renderConfig(cfg).replace(/\n/g, cfg.eol);
        const ctx = createContext(text);
        const paths = leaves(ctx.model);
        const path = paths[pick % Math.max(1, paths.length)];
        if (!path || !findPairValue(ctx.ast, path)) return;
        let verdicts: Verdicts;
        try {
          verdicts = edit(text, path, value as TomlInputValue, marker, ctx.dialect);
        } catch {
          return; // the plan itself refused (e.g. a marker inside a multi-line string)
        }
        if (verdicts.local) accepted++;
        expect(verdicts.full || !verdicts.local).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it(`never accepts what the full check rejects, on damaged lines (${RUNS} runs)`, { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(configArb, fc.nat(), damageArb, (cfg, pick, damage) => {
        const text = renderConfig(cfg).replace(/\n/g, cfg.eol);
        const ctx = createContext(text);
        const pairs = ctx.index.bodyPairs;
        const target = pairs[pick % Math.max(1, pairs.length)];
        if (!target) return;
        const line = target.pair.loc.start.line - 1;
        let content = text.slice(ctx.lines.start(line), ctx.lines.contentEnd(line));
        for (const d of damage) {
          const at = d.at % (content.length + 1);
          content = content.slice(0, at) + d.insert + content.slice(at + d.cut);
        }
        // Claim the value the damaged line decodes to, so only structure decides.
        let claimed: unknown = getIn(ctx.model, target.path);
        try {
          const alone = parseTomlText(content, ctx.dialect).body[0].body[0];
          if (alone?.type === 'TOMLKeyValue') claimed = contentValue(alone.value, plainScalar);
        } catch {
          // keep the old value
        }
        const verdicts = forced(text, line, content, target.path, claimed, ctx.dialect);
        expect(verdicts.full || !verdicts.local).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
