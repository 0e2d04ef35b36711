import { describe, expect, it } from 'vitest';
import { addTable, removeTable, removeValue } from './toml-editor.js';
import { parseTomlText } from './toml-text.js';
import { plainDocumentValue } from './document-value.js';

const lines = (...ls: string[]): string => ls.join('\n');
const ADDED = '# Added dynamically: 2026-08-20T10:00:00Z';
const REMOVED = '# Removed: laser at 2026-08-20T10:00:00Z';

const CONFIG = lines(
  '# DAQ Studio',
  '[application]',
  'name = "daq"',
  '',
  '# Laser on COM3',
  '# (do not unplug)',
  '[instruments.laser]',
  'port = "COM3"',
  '# wavelength is fixed',
  'power = 20 # mW',
  '',
  '[instruments.laser.axis1]',
  'pos = 1.5',
  '# speed = 3',
  '',
  '# the stage',
  '[instruments.stage]',
  'kind = "stage"',
  '',
  '# ===== modules =====',
  '',
  '[modules.scan]',
  'steps = 10',
  '',
);

describe('addTable', () => {
  it('adds the table after the last table of its group, with sub-tables and the comment line', () => {
    const out = addTable(CONFIG, ['instruments', 'cam'], { port: 'COM5', roi: [0, 0, 640, 480], axis1: { pos: 0 } }, { afterPrefix: ['instruments'], comment: ADDED });
    const block = lines(ADDED, '[instruments.cam]', 'port = "COM5"', 'roi = [0, 0, 640, 480]', '', '[instruments.cam.axis1]', 'pos = 0');
    expect(out.text).toBe(CONFIG.replace('kind = "stage"\n', `kind = "stage"\n\n${block}\n`));
    expect(out.spans).toHaveLength(1);
    expect(out.spans[0]?.oldStart).toBe(out.spans[0]?.oldEnd);
  });

  it('goes after owned trailing comments but before comments that belong to the next table', () => {
    const text = lines('[instruments.a]', 'x = 1', '# x was 2', '# about b', '', '[b]', 'y = 2', '');
    const out = addTable(text, ['instruments', 'c'], { z: 3 });
    expect(out.text).toBe(lines('[instruments.a]', 'x = 1', '# x was 2', '# about b', '', '[instruments.c]', 'z = 3', '', '[b]', 'y = 2', ''));
    const attached = lines('[instruments.a]', 'x = 1', '# about b', '[b]', 'y = 2');
    expect(addTable(attached, ['instruments', 'c'], { z: 3 }).text).toBe(
      lines('[instruments.a]', 'x = 1', '', '[instruments.c]', 'z = 3', '', '# about b', '[b]', 'y = 2'),
    );
  });

  it('appends at the end when the group has no table yet, keeping a missing final newline missing', () => {
    expect(addTable('a = 1', ['instruments', 'x'], { p: 1 }, { comment: ADDED }).text).toBe(`a = 1\n\n${ADDED}\n[instruments.x]\np = 1`);
    expect(addTable('', ['instruments', 'x'], {}).text).toBe('[instruments.x]\n');
  });

  it('uses CRLF in a CRLF file and quotes ids that need it', () => {
    const text = '[instruments.a]\r\nx = 1\r\n';
    const out = addTable(text, ['instruments', 'laser 2'], { 'ключ': 'é' }, { comment: ADDED });
    expect(out.text).toBe(`[instruments.a]\r\nx = 1\r\n\r\n${ADDED}\r\n[instruments."laser 2"]\r\n"ключ" = "é"\r\n`);
  });

  it('adds into an inline parent as an inline entry', () => {
    expect(addTable('instruments = { a = { x = 1 } }\n', ['instruments', 'b'], { y: 2 }).text).toBe('instruments = { a = { x = 1 }, b = { y = 2 } }\n');
  });

  it('refuses an existing table or a bad key', () => {
    expect(() => addTable(CONFIG, ['instruments', 'laser'], {})).toThrow(/already exists/);
    expect(() => addTable(CONFIG, [], {})).toThrow(/non-empty/);
    expect(() => addTable('a = 1\n', ['a', 'b'], {})).toThrow(/not a table/);
    expect(() => addTable(CONFIG, ['x'], { c: '# x' }, { comment: 'two\nlines' })).toThrow(/one line/);
  });
});

describe('removeTable', () => {
  it('removes the table, its sub-tables and their comments, leaving the placeholder', () => {
    const out = removeTable(CONFIG, ['instruments', 'laser'], { placeholder: REMOVED });
    expect(out.text).toBe(CONFIG.replace(/# Laser on COM3[^]*# speed = 3\n/, `${REMOVED}\n`));
    expect(out.text).not.toMatch(/unplug|wavelength|speed/);
    expect(out.spans).toHaveLength(1);
  });

  it('without a placeholder, does not leave a double blank line', () => {
    const out = removeTable(CONFIG, ['instruments', 'laser']);
    expect(out.text).toBe(CONFIG.replace(/# Laser on COM3[^]*# speed = 3\n\n/, ''));
  });

  it('keeps a detached banner comment that belongs to what follows', () => {
    const out = removeTable(CONFIG, ['instruments', 'stage']);
    expect(out.text).toContain('pos = 1.5\n# speed = 3\n\n# ===== modules =====\n\n[modules.scan]');
  });

  it('removes the last table of a file without leaving trailing blank lines', () => {
    expect(removeTable('a = 1\n\n[t]\nx = 1\n', ['t']).text).toBe('a = 1\n');
    expect(removeTable('a = 1\n\n[t]\nx = 1', ['t']).text).toBe('a = 1');
  });

  it('removes sub-tables that are not next to their table', () => {
    const text = lines('[i.a]', 'x = 1', '', '[i.b]', 'y = 2', '', '[i.a.axis]', 'z = 3', '');
    expect(removeTable(text, ['i', 'a'], { placeholder: '# gone' }).text).toBe(lines('# gone', '', '[i.b]', 'y = 2', ''));
  });

  it('removes an instrument written as an inline table under [instruments], with its comment', () => {
    const text = lines('[instruments]', '# the laser', 'laser = { port = "COM3" } # fast', 'stage = { port = "COM4" }', '');
    expect(removeTable(text, ['instruments', 'laser'], { placeholder: REMOVED }).text).toBe(
      lines('[instruments]', REMOVED, 'stage = { port = "COM4" }', ''),
    );
  });

  it('removes an instrument written with dotted keys under [instruments]', () => {
    const text = lines('[instruments]', 'laser.port = "COM3"', 'laser.baud = 9600', 'stage.port = "COM4"', '', '[instruments.laser.axis1]', 'pos = 1', '');
    const out = removeTable(text, ['instruments', 'laser'], { placeholder: REMOVED });
    expect(out.text).toBe(lines('[instruments]', REMOVED, 'stage.port = "COM4"', ''));
  });

  it('removes entries of inline tables and arrays', () => {
    expect(removeValue('a = { x = 1, y = 2, z = 3 }\n', ['a', 'y']).text).toBe('a = { x = 1, z = 3 }\n');
    expect(removeValue('a = { x = 1, y = 2 }\n', ['a', 'y']).text).toBe('a = { x = 1 }\n');
    expect(removeValue('a = { x = 1 }\n', ['a', 'x']).text).toBe('a = {}\n');
    expect(removeValue('a = [1, 2, 3]\n', ['a', 0]).text).toBe('a = [2, 3]\n');
    expect(removeValue('a = [\n  1,\n  2,\n]\n', ['a', 1]).text).toBe('a = [\n  1,\n]\n');
  });

  it('keeps CRLF line endings and a 1.0 dialect', () => {
    const text = CONFIG.replace(/\n/g, '\r\n');
    const out = removeTable(text, ['instruments', 'laser'], { placeholder: REMOVED });
    expect(out.text).toBe(text.replace(/# Laser on COM3[^]*# speed = 3\r\n/, `${REMOVED}\r\n`));
    expect(out.dialect).toBe('1.0');
  });

  it('drops a parent table that only existed through the removed one', () => {
    const out = removeTable('[instruments.a]\nx = 1\n', ['instruments', 'a']);
    expect(out.text).toBe('');
    expect(out.value).toEqual({});
    expect(plainDocumentValue(parseTomlText(removeTable('[i]\n[i.a]\nx = 1\n', ['i', 'a']).text, '1.0'))).toEqual({ i: {} });
  });

  it('removes one element of an array of tables', () => {
    const out = removeTable('[[ch]]\nid = 1\n\n[[ch]]\nid = 2\n', ['ch', 0]);
    expect(out.text).toBe('[[ch]]\nid = 2\n');
  });

  it('refuses a key that does not exist', () => {
    expect(() => removeTable(CONFIG, ['instruments', 'nope'])).toThrow(/does not exist/);
  });
});
