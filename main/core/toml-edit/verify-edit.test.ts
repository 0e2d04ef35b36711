import { describe, expect, it } from 'vitest';
import { applyEdits, composeSpans } from './text-edits.js';
import { TomlDateTime } from './toml-datetime.js';
import { setValue } from './toml-editor.js';
import { assertEditVerified, TomlVerificationError, verifyEdit } from './verify-edit.js';
import { diffValues } from './value-equality.js';

const OLD = '# keep\na = 1 # one\n[t]\nb = "x"\n';

describe('verifyEdit', () => {
  it('accepts an edit that matches the intended value and touches only its spans', () => {
    const out = setValue(OLD, ['t', 'b'], 'y');
    expect(verifyEdit({ oldText: OLD, newText: out.text, spans: out.spans, intended: { a: 1, t: { b: 'y' } }, dialect: '1.0' })).toEqual({ ok: true });
  });

  it('names a change outside the spans with its position', () => {
    const newText = OLD.replace('# keep', '# KEEP').replace('"x"', '"y"');
    const { spans } = applyEdits(OLD, [{ start: OLD.indexOf('"x"'), end: OLD.indexOf('"x"') + 3, insert: '"y"' }]);
    const result = verifyEdit({ oldText: OLD, newText, spans, intended: { a: 1, t: { b: 'y' } }, dialect: '1.0' });
    expect(result).toEqual({ ok: false, failure: { check: 'untouched-text', message: expect.stringMatching(/line 1, column 3/), line: 1, column: 2 } });
  });

  it('names text that does not parse in the file dialect', () => {
    const newText = OLD.replace('"x"', '"\\e"');
    const at = OLD.indexOf('"x"');
    const spans = [{ oldStart: at, oldEnd: at + 3, newStart: at, newEnd: at + 4 }];
    const result = verifyEdit({ oldText: OLD, newText, spans, intended: { a: 1, t: { b: '\u001b' } }, dialect: '1.0' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toMatchObject({ check: 'parse', line: 4 });
    expect(verifyEdit({ oldText: OLD, newText, spans, intended: { a: 1, t: { b: '\u001b' } }, dialect: '1.1' })).toEqual({ ok: true });
  });

  it('names the first value difference by key path', () => {
    const result = verifyEdit({ oldText: OLD, newText: OLD, spans: [], intended: { a: 2, t: { b: 'x' } }, dialect: '1.0' });
    expect(result).toEqual({ ok: false, failure: { check: 'value', message: 'a: expected float 2, got integer 1', path: 'a' } });
  });

  it('rejects malformed spans', () => {
    const bad = [{ oldStart: 5, oldEnd: 4, newStart: 5, newEnd: 5 }];
    expect(verifyEdit({ oldText: OLD, newText: OLD, spans: bad, intended: {}, dialect: '1.0' })).toMatchObject({ ok: false, failure: { check: 'spans' } });
    const lengths = [{ oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 1 }];
    expect(verifyEdit({ oldText: OLD, newText: `${OLD}x`, spans: lengths, intended: {}, dialect: '1.0' })).toMatchObject({ ok: false, failure: { check: 'spans' } });
    const split = [{ oldStart: 1, oldEnd: 1, newStart: 1, newEnd: 1 }];
    expect(verifyEdit({ oldText: '😀', newText: '😀', spans: split, intended: {}, dialect: '1.0' })).toMatchObject({ ok: false, failure: { check: 'spans' } });
  });

  it('throws a TomlVerificationError from the asserting form', () => {
    expect(() => assertEditVerified({ oldText: OLD, newText: 'a = ', spans: [], intended: {}, dialect: '1.0' })).toThrow(TomlVerificationError);
  });
});

describe('diffValues', () => {
  it('treats numbers leniently by default and strictly on request', () => {
    expect(diffValues(5n, 5)).toBeUndefined();
    expect(diffValues(5, 5n)?.message).toMatch(/expected integer 5, got float 5/);
    expect(diffValues(5n, 5, '', { strictNumbers: true })?.message).toMatch(/expected float 5/);
    expect(diffValues(Number.NaN, Number.NaN)).toBeUndefined();
  });

  it('compares date/times by kind and instant', () => {
    const at = new TomlDateTime('offset-date-time', '2026-01-01T01:00:00+01:00');
    expect(diffValues(at, new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(diffValues(at, new TomlDateTime('offset-date-time', '2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(diffValues(new TomlDateTime('local-time', '10:00:00.5'), new TomlDateTime('local-time', '10:00:00.500'))).toBeUndefined();
    expect(diffValues(at, '2026-01-01T00:00:00Z')).toBeDefined();
  });

  it('reports missing and extra keys', () => {
    expect(diffValues({ a: 1n }, { a: 1, b: 2 })?.path).toBe('b');
    expect(diffValues({ a: 1n, c: 1n }, { a: 1 })?.message).toMatch(/unexpected key "c"/);
    expect(diffValues([1n], [1, 2])?.message).toMatch(/array of 2/);
  });
});

describe('text edits', () => {
  it('applies edits in order and merges touching spans', () => {
    const out = applyEdits('abcdef', [
      { start: 4, end: 4, insert: 'X' },
      { start: 1, end: 2, insert: '' },
      { start: 2, end: 3, insert: 'YY' },
    ]);
    expect(out.text).toBe('aYYdXef');
    expect(out.spans).toEqual([
      { oldStart: 1, oldEnd: 3, newStart: 1, newEnd: 3 },
      { oldStart: 4, oldEnd: 4, newStart: 4, newEnd: 5 },
    ]);
    expect(() => applyEdits('abc', [{ start: 0, end: 2, insert: '' }, { start: 1, end: 3, insert: '' }])).toThrow(/overlapping/);
  });

  it('composes the spans of two edits in a row', () => {
    const first = applyEdits('0123456789', [{ start: 2, end: 3, insert: 'AA' }]);
    const second = applyEdits(first.text, [{ start: 8, end: 9, insert: '' }]);
    const spans = composeSpans(first.spans, second.spans, { old: 10, mid: first.text.length, new: second.text.length });
    expect(second.text).toBe('01AA345689');
    expect(spans).toEqual([
      { oldStart: 2, oldEnd: 3, newStart: 2, newEnd: 4 },
      { oldStart: 7, oldEnd: 8, newStart: 8, newEnd: 8 },
    ]);
    const overlapping = applyEdits(first.text, [{ start: 3, end: 5, insert: 'B' }]);
    expect(composeSpans(first.spans, overlapping.spans, { old: 10, mid: 11, new: overlapping.text.length })).toEqual([
      { oldStart: 2, oldEnd: 4, newStart: 2, newEnd: 4 },
    ]);
  });
});
