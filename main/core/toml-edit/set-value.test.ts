import { describe, expect, it } from 'vitest';
import { TomlEditError } from './errors.js';
import { TomlDateTime } from './toml-datetime.js';
import { tomlFloat } from './toml-float.js';
import { setValue } from './toml-editor.js';
import { decodeTomlBytes, encodeTomlText, loadTomlBytes, parseTomlDocument, parseTomlText } from './toml-text.js';
import { toTaggedJson } from './tagged-json.js';

const lines = (...ls: string[]): string => ls.join('\n');

const CONFIG = lines(
  '# DAQ Studio',
  'title = "bench B" # the bench',
  '',
  '[application]',
  "name = 'daq'",
  'rate = 800.0 # Hz',
  'gain = 1.50',
  'mask = 0x1F',
  'retries = 3',
  '',
  '[instruments.laser]',
  'port = "COM3"',
  'power = 20 # mW',
  'ports = [1, 2]',
  'axis = { x = 1, y = 2 }',
  '',
  '[instruments.laser.axis1]',
  'pos = 1.5',
  '',
);

function typeOf(text: string, ...path: string[]): string {
  let node: unknown = toTaggedJson(parseTomlText(text, '1.1'));
  for (const seg of path) node = (node as Record<string, unknown>)[seg];
  return (node as { type: string }).type;
}

describe('setValue on existing values', () => {
  it('keeps a float a float, with its decimals, and keeps the trailing comment', () => {
    const out = setValue(CONFIG, ['application', 'rate'], 780);
    expect(out.text).toBe(CONFIG.replace('rate = 800.0 # Hz', 'rate = 780.0 # Hz'));
    expect(typeOf(out.text, 'application', 'rate')).toBe('float');
    expect(setValue(CONFIG, ['application', 'gain'], 2).text).toContain('gain = 2.00\n');
    expect(setValue(CONFIG, ['application', 'gain'], 2.125).text).toContain('gain = 2.125\n');
    const at = CONFIG.indexOf('800.0');
    expect(out.spans).toEqual([{ oldStart: at, oldEnd: at + 5, newStart: at, newEnd: at + 5 }]);
  });

  it('keeps exponent notation: the e, an explicit +, the exponent digits and the mantissa decimals', () => {
    const set = (text: string, v: number): string => setValue(text, ['x'], v).text;
    expect(set('x = 1e6 # Hz\n', 2e6)).toBe('x = 2e6 # Hz\n');
    expect(set('x = 1.5e-3\n', 2.5e-4)).toBe('x = 2.5e-4\n');
    expect(set('x = 1E+06\n', 3e6)).toBe('x = 3E+06\n');
    expect(set('x = 5.0e-3\n', 4e-3)).toBe('x = 4.0e-3\n');
    expect(set('x = -1e6\n', 2.5e6)).toBe('x = 2.5e6\n');
    // Zero has no exponent to keep; a plain float stays plain.
    expect(set('x = 1e6\n', 0)).toBe('x = 0.0\n');
    expect(set('x = 1_000.0\n', 2000)).toBe('x = 2000.0\n');
  });

  it('keeps an integer an integer, in its base', () => {
    expect(setValue(CONFIG, ['application', 'retries'], 5).text).toContain('retries = 5\n');
    expect(setValue(CONFIG, ['application', 'retries'], 5n).text).toContain('retries = 5\n');
    expect(setValue(CONFIG, ['application', 'mask'], 255).text).toContain('mask = 0xFF\n');
    expect(setValue(CONFIG, ['application', 'mask'], -1).text).toContain('mask = -1\n');
    expect(setValue(CONFIG, ['application', 'retries'], 2 ** 62).text).toContain(`retries = ${2n ** 62n}\n`);
  });

  it('writes a float when the value is not whole (the type cannot be kept)', () => {
    const out = setValue(CONFIG, ['application', 'retries'], 2.5);
    expect(out.text).toContain('retries = 2.5\n');
  });

  it('keeps the quote style of strings, falling back to basic when literal cannot hold the value', () => {
    expect(setValue(CONFIG, ['application', 'name'], 'scan').text).toContain("name = 'scan'\n");
    expect(setValue(CONFIG, ['application', 'name'], "it's").text).toContain(`name = "it's"\n`);
    expect(setValue(CONFIG, ['application', 'name'], 'a\tb').text).toContain("name = 'a\tb'\n");
    expect(setValue(CONFIG, ['instruments', 'laser', 'port'], 'C:\\dev "x"').text).toContain('port = "C:\\\\dev \\"x\\""\n');
  });

  it('keeps multi-line string styles', () => {
    const text = lines("a = '''", 'one', "two'''", 'b = """x"""', '');
    const out = setValue(setValue(text, ['a'], 'uno\ndos').text, ['b'], 'p\n"""q"');
    expect(out.text).toBe(lines("a = '''", 'uno', "dos'''", 'b = """p', '\\"\\""q\\""""', ''));
    expect(parseTomlDocument(out.text).ast).toBeDefined();
  });

  it('edits dotted keys, keys inside inline tables, sub-tables and array elements in place', () => {
    const dotted = 'a.b.c = 1 # keep\n';
    expect(setValue(dotted, ['a', 'b', 'c'], 2).text).toBe('a.b.c = 2 # keep\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'axis', 'y'], 7).text).toContain('axis = { x = 1, y = 7 }\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'axis1', 'pos'], 2).text).toContain('pos = 2.0\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'ports', 1], 5).text).toContain('ports = [1, 5]\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'ports'], [1, 9]).text).toContain('ports = [1, 9]\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'ports'], [4, 5, 6]).text).toContain('ports = [4, 5, 6]\n');
  });

  it('appends to and removes from arrays without rewriting the rest, comments included', () => {
    const text = lines('ch = [', '  1, # first', '  2, # second', '  3,', ']', '');
    expect(setValue(text, ['ch'], [1, 2, 3, 4]).text).toBe(text.replace('  3,', '  3, 4,'));
    expect(setValue(text, ['ch'], [1, 3]).text).toBe(lines('ch = [', '  1, # first', '  3,', ']', ''));
    expect(setValue(text, ['ch'], [1, 2]).text).toBe(lines('ch = [', '  1, # first', '  2,', ']', ''));
    expect(setValue('p = []\n', ['p'], ['a']).text).toBe('p = ["a"]\n');
    expect(setValue('p = [1, 2]\n', ['p'], [3, 1, 2]).text).toBe('p = [3, 1, 2]\n');
  });

  it('edits arrays of tables by index', () => {
    const text = '[[ch]]\nid = 1\n[[ch]]\nid = 2\n';
    expect(setValue(text, ['ch', 1, 'id'], 3).text).toBe('[[ch]]\nid = 1\n[[ch]]\nid = 3\n');
    expect(setValue(text, ['ch', 1, 'gain'], 2).text).toBe('[[ch]]\nid = 1\n[[ch]]\nid = 2\ngain = 2\n');
  });

  it('edits inline tables key by key, removing and adding keys', () => {
    const out = setValue(CONFIG, ['instruments', 'laser', 'axis'], { y: 2, z: 3 });
    expect(out.text).toContain('axis = { y = 2, z = 3 }\n');
    expect(setValue(CONFIG, ['instruments', 'laser', 'axis'], {}).text).toContain('axis = {}\n');
  });

  it('returns the text unchanged when the value is already there', () => {
    const out = setValue(CONFIG, ['application', 'rate'], 800, { changedAt: '2026-01-01T00:00:00Z' });
    expect(out.text).toBe(CONFIG);
    expect(out.spans).toEqual([]);
  });

  it('writes date/times, with seconds so a 1.0 file stays 1.0', () => {
    const text = 'at = 1979-05-27T07:32:00Z\nt = 07:32:00\n';
    expect(setValue(text, ['at'], new Date('2026-08-20T10:00:00Z')).text).toContain('at = 2026-08-20T10:00:00.000Z\n');
    const out = setValue(text, ['t'], new TomlDateTime('local-time', '08:15'));
    expect(out.text).toContain('t = 08:15:00\n');
    expect(out.dialect).toBe('1.0');
  });
});

describe('setValue with strings of a megabyte', () => {
  // The parser alone overflows the call stack on strings of about 100,000 characters; every
  // write is verified by a parse, so such a value used to be set aside as unwritable.
  const big = 'é"\\\n\tx😀'.repeat(125_000);
  const read = (text: string, path: readonly string[]): unknown => {
    let node: unknown = toTaggedJson(parseTomlDocument(text).ast);
    for (const seg of path) node = (node as Record<string, unknown>)[seg];
    return (node as { value?: unknown } | undefined)?.value;
  };

  it('replaces and inserts them, in every quote style, and the file reads back', () => {
    for (const path of [['title'], ['application', 'name'], ['application', 'new_key'], ['instruments', 'cam', 'name']]) {
      const out = setValue(CONFIG, path, big, { changedAt: '2026-01-01T00:00:00Z' });
      expect(read(out.text, path) === big, path.join('.')).toBe(true);
      // The file that holds it can be edited again, elsewhere and at the value itself.
      expect(setValue(out.text, ['application', 'retries'], 4).text).toContain('retries = 4\n');
      expect(read(setValue(out.text, path, 'short').text, path)).toBe('short');
    }
    const inArray = setValue(CONFIG, ['instruments', 'laser', 'ports'], [big, big]);
    expect(inArray.value['instruments']).toMatchObject({ laser: { ports: [big, big] } });
    const multiline = setValue("s = '''\nold'''\n", ['s'], `${big}\n${big}`);
    expect(read(multiline.text, ['s']) === `${big}\n${big}`).toBe(true);
  });
});

describe('change markers', () => {
  const at1 = '2026-08-20T10:00:00.000Z';
  const at2 = '2026-08-21T11:30:00.000Z';

  it('adds a marker, then replaces it instead of piling up', () => {
    const once = setValue(CONFIG, ['application', 'retries'], 4, { changedAt: at1 }).text;
    expect(once).toContain(`retries = 4 # changed ${at1}\n`);
    const twice = setValue(once, ['application', 'retries'], 5, { changedAt: new Date(at2) }).text;
    expect(twice).toContain(`retries = 5 # changed ${at2}\n`);
    expect(twice.match(/# changed/g)).toHaveLength(1);
  });

  it("keeps the user's own trailing comment in front of the marker", () => {
    const once = setValue(CONFIG, ['instruments', 'laser', 'power'], 25, { changedAt: at1 }).text;
    expect(once).toContain(`power = 25 # mW # changed ${at1}\n`);
    const twice = setValue(once, ['instruments', 'laser', 'power'], 30, { changedAt: at2 }).text;
    expect(twice).toContain(`power = 30 # mW # changed ${at2}\n`);
  });

  it('marks inserted keys and changed array elements once per line', () => {
    expect(setValue(CONFIG, ['application', 'mode'], 'fast', { changedAt: at1 }).text).toContain(`mode = "fast" # changed ${at1}\n`);
    const out = setValue(CONFIG, ['instruments', 'laser', 'ports'], [7, 8], { changedAt: at1 }).text;
    expect(out).toContain(`ports = [7, 8] # changed ${at1}\n`);
  });

  it('refuses a marker that would land inside a multi-line string', () => {
    const text = 'a = [1, """x\ny"""]\n';
    expect(() => setValue(text, ['a', 0], 2, { changedAt: at1 })).toThrow(TomlEditError);
  });
});

describe('setValue inserting new keys', () => {
  it('appends to the end of the table key/value block', () => {
    const out = setValue(CONFIG, ['application', 'mode'], 'fast');
    expect(out.text).toBe(CONFIG.replace('retries = 3\n', 'retries = 3\nmode = "fast"\n'));
    expect(out.spans).toHaveLength(1);
  });

  it('adds a top-level key after the last top-level key, or above the first table and its comments', () => {
    expect(setValue(CONFIG, ['debug'], true).text).toContain('title = "bench B" # the bench\ndebug = true\n\n[application]');
    const noRoot = '# about app\n[app]\nx = 1\n';
    expect(setValue(noRoot, ['debug'], true).text).toBe('debug = true\n\n# about app\n[app]\nx = 1\n');
    expect(setValue('', ['debug'], true).text).toBe('debug = true\n');
    expect(setValue('# only a comment', ['a'], 1).text).toBe('# only a comment\na = 1');
  });

  it('creates the table header when the table does not exist', () => {
    const out = setValue(CONFIG, ['instruments', 'stage', 'port'], 'COM4');
    expect(out.text).toBe(CONFIG.replace('pos = 1.5\n', 'pos = 1.5\n\n[instruments.stage]\nport = "COM4"\n'));
    expect(setValue('a = 1\n', ['modules', 'scan', 'steps'], 10).text).toBe('a = 1\n\n[modules.scan]\nsteps = 10\n');
  });

  it('creates a header for a table that only exists through its sub-tables, above them', () => {
    const text = '# axis\n[stage.axis1]\npos = 1\n';
    expect(setValue(text, ['stage', 'port'], 'COM4').text).toBe('[stage]\nport = "COM4"\n\n# axis\n[stage.axis1]\npos = 1\n');
  });

  it('adds to inline tables and to tables made of dotted keys in their own style', () => {
    expect(setValue(CONFIG, ['instruments', 'laser', 'axis', 'z'], 3).text).toContain('axis = { x = 1, y = 2, z = 3 }\n');
    expect(setValue('a = {}\n', ['a', 'b', 'c'], 1).text).toBe('a = { b.c = 1 }\n');
    const dotted = '[instruments]\nlaser.port = "COM3"\nlaser.baud = 9600\nother = 1\n';
    expect(setValue(dotted, ['instruments', 'laser', 'power'], 20).text).toBe(
      '[instruments]\nlaser.port = "COM3"\nlaser.baud = 9600\nlaser.power = 20\nother = 1\n',
    );
    expect(setValue('p = [1]\n', ['p', 1], 2).text).toBe('p = [1, 2]\n');
  });

  it('writes a whole number as an integer in a new key, unless it is marked as a float', () => {
    expect(setValue('', ['a'], 800).text).toBe('a = 800\n');
    expect(setValue('', ['a'], tomlFloat(800)).text).toBe('a = 800.0\n');
    expect(setValue('', ['a'], { w: tomlFloat(1), n: [tomlFloat(2)] }).text).toBe('a = { w = 1.0, n = [2.0] }\n');
    expect(setValue('a = 1.50\n', ['a'], tomlFloat(2)).text).toBe('a = 2.00\n');
    expect(setValue('a = 1\n', ['a'], tomlFloat(2)).text).toBe('a = 2.0\n');
    expect(setValue('a = 2.0\n', ['a'], tomlFloat(2)).spans).toEqual([]);
  });

  it('quotes keys that need it and handles Unicode and tabs', () => {
    const out = setValue('[t]\n\tx = 1\n', ['t', 'μ-scope', 'gain dB'], 'ünï\tcode ✓');
    expect(out.text).toBe('[t]\n\tx = 1\n\n[t."μ-scope"]\n"gain dB" = "ünï\\tcode ✓"\n');
    expect(setValue('[t]\n\tx = 1\n', ['t', 'tab\tkey'], 1).text).toBe('[t]\n\tx = 1\n\t"tab\\tkey" = 1\n');
    expect(setValue('"ключ" = "значение"\n', ['ключ'], '値').text).toBe('"ключ" = "値"\n');
  });

  it('uses the file line ending for inserted lines', () => {
    const crlf = '[a]\r\nx = 1\r\n';
    expect(setValue(crlf, ['a', 'y'], 2).text).toBe('[a]\r\nx = 1\r\ny = 2\r\n');
    expect(setValue(crlf, ['b', 'z'], 3).text).toBe('[a]\r\nx = 1\r\n\r\n[b]\r\nz = 3\r\n');
    expect(setValue('a = """x\ny"""\r\n', ['a'], 'p\nq', { eol: '\r\n' }).text).toBe('a = """p\r\nq"""\r\n');
  });

  it('keeps a BOM and CRLF through decode, edit and encode', () => {
    const bytes = encodeTomlText('# c\r\n[a]\r\nx = 1\r\n', true);
    const file = loadTomlBytes(bytes);
    const out = setValue(file.text, ['a', 'y'], 'é', { dialect: file.dialect, eol: file.eol });
    const saved = encodeTomlText(out.text, file.bom);
    expect([...saved.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeTomlBytes(saved).text).toBe('# c\r\n[a]\r\nx = 1\r\ny = "é"\r\n');
  });

  it('keeps a 1.0 file 1.0: control characters as \\u escapes, never \\e', () => {
    const out = setValue('a = "x"\n', ['a'], 'esc\u001b del\u007f');
    expect(out.text).toBe('a = "esc\\u001B del\\u007F"\n');
    expect(out.dialect).toBe('1.0');
    expect(() => parseTomlText(out.text, '1.0')).not.toThrow();
  });

  it('keeps editing a 1.1 file in 1.1', () => {
    const text = 'a = { b = 1,\n  c = 2 }\nd = "\\e"\n';
    const out = setValue(text, ['a', 'c'], 3);
    expect(out).toMatchObject({ dialect: '1.1', text: 'a = { b = 1,\n  c = 3 }\nd = "\\e"\n' });
  });

  it('explains what it cannot do', () => {
    expect(() => setValue('a = 1\n', ['a', 'b'], 1)).toThrow(/not a table/);
    expect(() => setValue('[t]\nx = 1\n', ['t'], 5)).toThrow(/plain object/);
    expect(() => setValue('a = 1\n', ['a'], null as never)).toThrow(/null/);
    expect(() => setValue('a = 1\n', ['a'], 2n ** 64n)).toThrow(/64-bit/);
    expect(() => setValue('a = "x"\n', ['a'], '\ud800')).toThrow(/surrogate/);
    expect(() => setValue('p = [1]\n', ['p', 5], 2)).toThrow(/right after the last/);
    expect(() => setValue('[[c]]\n', ['c', 'x'], 1)).toThrow(/array of tables/);
    expect(() => setValue('[[c]]\n', ['c'], [])).toThrow(/array of tables/);
    expect(() => setValue('[i]\nx.a = 1\n', ['i', 'x'], {})).toThrow(/cannot be emptied/);
  });
});

describe('setValue with a table value', () => {
  it('sets, adds and removes keys of a header table, keeping the rest', () => {
    const out = setValue(CONFIG, ['instruments', 'laser'], {
      port: 'COM9',
      power: 20,
      ports: [1, 2],
      axis: { x: 1, y: 2 },
      axis1: { pos: 1.5 },
      baud: 9600,
    });
    expect(out.text).toBe(CONFIG.replace('"COM3"', '"COM9"').replace('axis = { x = 1, y = 2 }\n', 'axis = { x = 1, y = 2 }\nbaud = 9600\n'));
    const dropped = setValue(CONFIG, ['application'], { name: 'daq', rate: 800.0 });
    expect(dropped.text).toContain("[application]\nname = 'daq'\nrate = 800.0 # Hz\n\n[instruments.laser]");
  });
});
