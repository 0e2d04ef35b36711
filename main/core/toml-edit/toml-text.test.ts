import { describe, expect, it } from 'vitest';
import { TomlDecodeError, TomlSyntaxError } from './errors.js';
import { compareTagged, toTaggedJson } from './tagged-json.js';
import { decodeTomlBytes, detectLineEnding, encodeTomlText, loadTomlBytes, parseTomlDocument, parseTomlText } from './toml-text.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeTomlBytes', () => {
  it('removes and remembers a UTF-8 BOM, and puts it back on encode', () => {
    const input = Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes('a = "é"\n'));
    const decoded = decodeTomlBytes(input);
    expect(decoded).toEqual({ text: 'a = "é"\n', bom: true, eol: '\n' });
    expect(encodeTomlText(decoded.text, decoded.bom)).toEqual(input);
    expect(encodeTomlText('x', false)).toEqual(bytes('x'));
  });

  it('rejects invalid UTF-8 with the offset of the first bad byte', () => {
    const input = Uint8Array.of(...bytes('a = "'), 0xc3, 0x28, ...bytes('"\n'));
    expect(() => decodeTomlBytes(input)).toThrow(TomlDecodeError);
    try {
      decodeTomlBytes(input);
    } catch (err) {
      expect((err as TomlDecodeError).byteOffset).toBe(5);
    }
  });

  it('rejects UTF-16 files instead of decoding them to garbage', () => {
    const utf16 = Uint8Array.of(0xff, 0xfe, 0x61, 0x00, 0x3d, 0x00);
    expect(() => decodeTomlBytes(utf16)).toThrow(/not valid UTF-8/);
  });

  it('detects LF and CRLF by majority', () => {
    expect(detectLineEnding('a = 1\r\nb = 2\r\n')).toBe('\r\n');
    expect(detectLineEnding('a = 1\nb = 2\r\nc = 3\n')).toBe('\n');
    expect(detectLineEnding('a = 1')).toBe('\n');
    expect(decodeTomlBytes(bytes('[a]\r\nb = 1\r\n')).eol).toBe('\r\n');
  });
});

describe('parsing and dialects', () => {
  it('calls a document 1.0 when it parses as TOML 1.0', () => {
    expect(parseTomlDocument('a = 1\n[t]\nb = "x"\n').dialect).toBe('1.0');
  });

  it.each([
    ['an \\e escape', 'a = "\\e"\n'],
    ['a \\x escape', 'a = "\\x41"\n'],
    ['a time without seconds', 'a = 10:30\n'],
    ['a multi-line inline table', 'a = {\n  b = 1,\n}\n'],
  ])('calls a document 1.1 when it uses %s', (_, text) => {
    expect(parseTomlDocument(text).dialect).toBe('1.1');
    expect(() => parseTomlText(text, '1.0')).toThrow(TomlSyntaxError);
  });

  it('reports syntax errors with line and column', () => {
    try {
      parseTomlDocument('a = 1\nb = = 2\n');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TomlSyntaxError);
      expect((err as TomlSyntaxError).line).toBe(2);
      expect((err as TomlSyntaxError).dialect).toBe('1.1');
    }
  });

  it.each([
    ['between lines', 'a = 1\rb = 2\n'],
    ['in a comment', '# x\ry\na = 1\n'],
    ['in a multi-line basic string', 'a = """x\ry"""\n'],
    ['in a multi-line literal string', "a = '''x\ry'''\n"],
  ])('rejects a carriage return not followed by a line feed %s (the parser accepts it)', (_, text) => {
    expect(() => parseTomlText(text, '1.1')).toThrow(/carriage return/);
    expect(() => parseTomlText(text, '1.0')).toThrow(TomlSyntaxError);
  });

  it('accepts CRLF everywhere', () => {
    const ast = parseTomlText('a = """x\r\ny"""\r\n[t]\r\nb = 1\r\n', '1.0');
    expect(compareTagged(toTaggedJson(ast), { a: { type: 'string', value: 'x\ny' }, t: { b: { type: 'integer', value: '1' } } })).toBeUndefined();
  });

  it('repairs the range of an integer 0 that ends the text (the parser leaves it empty)', () => {
    const ast = parseTomlText('[t]\na = 0', '1.0');
    const table = ast.body[0].body[0];
    const pair = table?.type === 'TOMLTable' ? table.body[0] : undefined;
    expect([pair?.value.range, pair?.range, table?.range]).toEqual([[8, 9], [4, 9], [0, 9]]);
    expect(pair?.value.type === 'TOMLValue' && pair.value.kind === 'integer' ? pair.value.number : undefined).toBe('0');
  });

  it('explains a BOM left in the text', () => {
    expect(() => parseTomlText('\uFEFFa = 1\n', '1.0')).toThrow(/byte order mark/);
  });

  it('loads bytes in one step', () => {
    const loaded = loadTomlBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes('a = 1\r\n')));
    expect([loaded.bom, loaded.eol, loaded.dialect]).toEqual([true, '\r\n', '1.0']);
  });
});

describe('tagged JSON', () => {
  it('writes 64-bit integers exactly, floats with a fraction, and date/times canonically', () => {
    const ast = parseTomlText(
      'big = 9223372036854775807\nhex = 0xff\nf = 1e3\nnan = -nan\nd = 1979-05-27 07:32:00.5z\nt = 07:32\nb = true\n',
      '1.1',
    );
    expect(toTaggedJson(ast)).toEqual({
      big: { type: 'integer', value: '9223372036854775807' },
      hex: { type: 'integer', value: '255' },
      f: { type: 'float', value: '1000.0' },
      nan: { type: 'float', value: 'nan' },
      d: { type: 'datetime', value: '1979-05-27T07:32:00.5Z' },
      t: { type: 'time-local', value: '07:32:00' },
      b: { type: 'bool', value: 'true' },
    });
  });

  it('compares like the upstream runner', () => {
    const dt = (value: string): unknown => ({ type: 'datetime', value });
    expect(compareTagged(dt('1987-07-05T17:45:56.6Z'), dt('1987-07-05T17:45:56.600Z'))).toBeUndefined();
    expect(compareTagged(dt('1987-07-05T17:45:56Z'), dt('1987-07-05T18:45:56+01:00'))).toBeUndefined();
    expect(compareTagged({ type: 'float', value: 'nan' }, { type: 'float', value: '-nan' })).toBeUndefined();
    expect(compareTagged({ type: 'float', value: '1.0' }, { type: 'float', value: '1' })).toBeUndefined();
    expect(compareTagged({ type: 'integer', value: '1' }, { type: 'float', value: '1' })).toMatch(/expected float/);
    expect(compareTagged({ a: [] }, { a: [], b: [] })).toMatch(/keys differ/);
  });

  it('keeps a key named __proto__ as a normal key', () => {
    const json = toTaggedJson(parseTomlText('"__proto__" = 1\n', '1.0'));
    expect(Object.keys(json)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });
});
