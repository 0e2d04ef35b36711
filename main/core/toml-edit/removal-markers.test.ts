/**
 * Removal markers stay bounded: one per subject, at most MAX_REMOVAL_MARKERS in a file, oldest
 * dropped first; nothing else in the file changes.
 */
import { describe, expect, it } from 'vitest';
import { MAX_REMOVAL_MARKERS, parseRemovalMarker } from './removal-markers.js';
import { addTable, removeTable } from './toml-editor.js';
import { checkUntouched } from './verify-edit.js';

const lines = (...ls: string[]): string => ls.join('\n');
const stamp = (n: number): string => `2026-08-20T10:${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z`;
const markersIn = (text: string): string[] => text.split(/\r?\n/).filter((l) => parseRemovalMarker(l.trim()) !== undefined);

const CONFIG = lines(
  '# Bench',
  'log_level = "info"',
  '',
  '[instruments.a]',
  'type = "mock"',
  '',
  '[instruments.b]',
  'type = "mock"',
  '',
  '# ---- modules ----',
  '[modules.m]',
  'type = "power_meter"',
  'notes = """',
  '# Removed: a at 2026-01-01T00:00:00Z',
  '"""',
  '',
);

describe('removal markers', () => {
  it('a remove/re-add loop keeps one marker per instrument, and the file does not grow', () => {
    let text = CONFIG;
    const sizes: number[] = [];
    for (let round = 0; round < 60; round++) {
      for (const id of ['a', 'b']) {
        text = removeTable(text, ['instruments', id], { placeholder: `Removed: ${id} at ${stamp(round)}` }).text;
        text = addTable(text, ['instruments', id], { type: 'mock' }, { afterPrefix: ['instruments'], comment: `Added dynamically: ${stamp(round)}` }).text;
      }
      sizes.push(text.split('\n').length);
    }
    expect(markersIn(text).map((l) => l.trim()).sort()).toEqual([
      '# Removed: a at 2026-01-01T00:00:00Z', // text inside a multi-line string, not a comment
      `# Removed: a at ${stamp(59)}`,
      `# Removed: b at ${stamp(59)}`,
    ]);
    expect(new Set(sizes.slice(2)).size).toBe(1);
    expect(text).toContain('notes = """\n# Removed: a at 2026-01-01T00:00:00Z\n"""');
  });

  it(`keeps the newest ${MAX_REMOVAL_MARKERS} markers in all, removing the oldest`, () => {
    const ids = Array.from({ length: MAX_REMOVAL_MARKERS + 5 }, (_, i) => `i${i}`);
    let text = lines('log_level = "info"', '', ...ids.flatMap((id) => [`[instruments.${id}]`, 'type = "mock"', '']));
    ids.forEach((id, n) => {
      text = removeTable(text, ['instruments', id], { placeholder: `Removed: ${id} at ${stamp(n)}` }).text;
    });
    expect(markersIn(text)).toEqual(ids.slice(5).map((id, n) => `# Removed: ${id} at ${stamp(n + 5)}`));
  });

  it('a module marker and an instrument marker of the same id are different subjects', () => {
    const text = lines('[instruments.m]', 'type = "mock"', '', '[modules.m]', 'type = "power_meter"', '');
    const once = removeTable(text, ['modules', 'm'], { placeholder: `Removed: module m at ${stamp(1)}` }).text;
    const twice = removeTable(once, ['instruments', 'm'], { placeholder: `Removed: m at ${stamp(2)}` }).text;
    expect(markersIn(twice)).toEqual([`# Removed: m at ${stamp(2)}`, `# Removed: module m at ${stamp(1)}`]);
  });

  it('touches only the stale marker lines (CRLF file, other comments kept byte for byte)', () => {
    const text = lines('# keep me', `# Removed: a at ${stamp(1)}`, '', '# Removed by hand, not a marker', '[instruments.a]', 'type = "mock"', '', '[x]', 'y = 1', '').replace(/\n/g, '\r\n');
    const out = removeTable(text, ['instruments', 'a'], { placeholder: `Removed: a at ${stamp(2)}` });
    expect(out.text).toBe(lines('# keep me', '', `# Removed: a at ${stamp(2)}`, '', '[x]', 'y = 1', '').replace(/\n/g, '\r\n'));
    expect(checkUntouched(text, out.text, out.spans)).toBeUndefined();
  });

  it('a placeholder that is no marker leaves every other comment alone', () => {
    const text = lines(`# Removed: a at ${stamp(1)}`, '', '[instruments.a]', 'type = "mock"', '');
    expect(removeTable(text, ['instruments', 'a'], { placeholder: '# gone' }).text).toBe(lines(`# Removed: a at ${stamp(1)}`, '', '# gone', ''));
  });
});
