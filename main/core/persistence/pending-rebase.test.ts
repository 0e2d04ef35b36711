/**
 * What the check is told about a rebased text: when every change applied was a plain set of
 * one value, the text it started from and the values, so an app check that judged that text
 * can look only at what they touch; for any other change, nothing beyond the text.
 */
import { describe, expect, it } from 'vitest';
import { rebasePending, type ConfigChange, type TextCheck, type TextDelta } from './pending-rebase.js';

const TEXT = '[instruments.a]\ntype = "mock"\namplitude = 1.0\n# rate = 2.0\n\n[instruments.b]\ntype = "mock"\n';
const at = new Date(Date.UTC(2026, 11, 6));

/** The deltas the check was handed, one per call. */
function rebaseSeeing(changes: readonly ConfigChange[], text = TEXT): { deltas: (TextDelta | undefined)[]; kept: number } {
  const deltas: (TextDelta | undefined)[] = [];
  const check: TextCheck = (_text, _file, _parsed, delta) => {
    deltas.push(delta);
    return undefined;
  };
  const rebased = rebasePending(text, '\n', changes.map((change) => ({ change, at })), 'c.toml', 'app', check);
  return { deltas, kept: rebased.kept.length };
}

describe('the delta a check is told', () => {
  it('names the starting text and each value set, in order', () => {
    const seen = rebaseSeeing([
      { kind: 'set', path: ['instruments', 'a', 'amplitude'], value: 2.5, marker: true },
      { kind: 'set', path: ['instruments', 'b', 'type'], value: 'mock', marker: false },
    ]);
    expect(seen.kept).toBe(2);
    expect(seen.deltas).toEqual([
      {
        from: TEXT,
        sets: [
          { path: ['instruments', 'a', 'amplitude'], value: 2.5 },
          { path: ['instruments', 'b', 'type'], value: 'mock' },
        ],
      },
    ]);
  });

  it.each<[string, ConfigChange]>([
    ['an added table', { kind: 'add-table', path: ['instruments', 'c'], values: { type: 'mock' }, afterPrefix: ['instruments'] }],
    ['a removal', { kind: 'remove', path: ['instruments', 'b'] }],
    ['a key brought back from its comment', { kind: 'set', path: ['instruments', 'a', 'rate'], value: 3.0, marker: false, uncomment: true }],
  ])('is nothing for %s among the changes', (_what, other) => {
    const seen = rebaseSeeing([{ kind: 'set', path: ['instruments', 'a', 'amplitude'], value: 2.5, marker: true }, other]);
    expect(seen.kept).toBe(2);
    expect(seen.deltas).toEqual([undefined]);
  });

  it('leaves out a set that did not land: the delta describes the text checked', () => {
    const seen = rebaseSeeing([
      { kind: 'set', path: ['instruments', 'a', 'amplitude'], value: 2.5, marker: false },
      { kind: 'set', path: ['instruments', 'a', 'amplitude', 'inside'], value: 1.0, marker: false },
    ]);
    expect(seen.kept).toBe(1);
    expect(seen.deltas[0]?.sets).toEqual([{ path: ['instruments', 'a', 'amplitude'], value: 2.5 }]);
  });
});
