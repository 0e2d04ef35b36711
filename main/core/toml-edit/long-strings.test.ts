/**
 * Long string values: the parser alone overflows the call stack on them, so they are decoded in
 * pieces. With the threshold at 0 and pieces of one character (or escape) every string value
 * takes that path, and the tree must be the parser's own, node for node, over the whole toml-test
 * suite; invalid cases fail at the place the parser names.
 */
import { parseTOML, ParseError } from 'toml-eslint-parser';
import { describe, expect, it } from 'vitest';
import { assertSuitePresent, readSuite, suiteDirectory, type SuiteVersion } from './conformance-suite.js';
import { plainDocumentValue } from './document-value.js';
import { TomlSyntaxError } from './errors.js';
import { parseTomlLongStrings } from './long-strings.js';
import { decodeTomlBytes, parseTomlDocument, parseTomlText, type TomlDialect } from './toml-text.js';

const MB = 1_000_000;

/** The tree as plain data (parent links dropped), for a deep comparison. */
function plain(ast: unknown): unknown {
  return JSON.parse(JSON.stringify(ast, (k, v: unknown) => (k === 'parent' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));
}

describe.each([
  ['1.0.0', '1.0'],
  ['1.1.0', '1.1'],
] as [SuiteVersion, TomlDialect][])('toml-test %s with every string value decoded in pieces', (version, dialect) => {
  const dir = suiteDirectory();
  assertSuitePresent(dir);
  const suite = readSuite(dir, version);

  it('builds exactly the tree the parser builds', () => {
    const differ: string[] = [];
    for (const c of suite.valid) {
      const text = decodeTomlBytes(c.bytes).text;
      const expected = plain(parseTOML(text, { tomlVersion: dialect }));
      const actual = plain(parseTomlLongStrings(text, dialect, { threshold: 0, pieceChars: 1 }));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differ.push(c.name);
    }
    expect(differ).toEqual([]);
  });

  it('rejects every invalid case, at the place the parser names', () => {
    const problems: string[] = [];
    for (const c of suite.invalid) {
      let text: string;
      try {
        text = decodeTomlBytes(c.bytes).text;
        parseTOML(text, { tomlVersion: dialect });
        continue; // the checks around the parser reject this one
      } catch (err) {
        if (!(err instanceof ParseError)) continue;
        try {
          parseTomlLongStrings(text!, dialect, { threshold: 0, pieceChars: 1 });
          problems.push(`${c.name}: accepted`);
        } catch (ours) {
          if (!(ours instanceof TomlSyntaxError || ours instanceof ParseError)) problems.push(`${c.name}: ${String(ours)}`);
          const at = ours instanceof TomlSyntaxError ? ours.offset : (ours as ParseError).index;
          if (at !== err.index) problems.push(`${c.name}: error at ${at}, parser says ${err.index}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('values of a megabyte', () => {
  const big = 'x'.repeat(MB);

  it('load in every string style, with the nodes after them where they are', () => {
    const text = [
      `a = "${big}\\u00e9\\t"`,
      `b = '${big}'`,
      `c = """\n${big}\\\n   \n  ${big}"""   # after`,
      `d = '''${big}\r\n${big}''''`,
      `e = [ "${big}", { k = "${big}" } ]`,
      `[t."quoted"]`,
      `f = 1`,
      '',
    ].join('\n');
    const { ast } = parseTomlDocument(text);
    const value = plainDocumentValue(ast);
    expect(value['a']).toBe(`${big}é\t`);
    expect(value['b']).toBe(big);
    expect(value['c']).toBe(`${big}${big}`);
    expect(value['d']).toBe(`${big}\n${big}'`);
    expect(value['e']).toEqual([big, { k: big }]);
    const table = ast.body[0].body.find((n) => n.type === 'TOMLTable');
    const f = table?.type === 'TOMLTable' ? table.body[0] : undefined;
    expect(f?.range[0]).toBe(text.lastIndexOf('f = 1'));
    expect(f?.loc.start).toEqual({ line: 11, column: 0 });
    expect(ast.comments[0]?.value).toBe(' after');
    expect(ast.comments[0]?.loc.start).toEqual({ line: 6, column: MB + 8 });
  });

  it('a bad escape deep inside one is reported at its own line and column', () => {
    const text = `a = 1\nb = "${big}\\q"\n`;
    expect(() => parseTomlText(text, '1.0')).toThrowError(TomlSyntaxError);
    try {
      parseTomlText(text, '1.0');
    } catch (err) {
      expect(err).toMatchObject({ line: 2, column: 5 + MB + 1 });
    }
  });

  it('a quoted key that long is refused with its position, never a stack overflow', () => {
    expect(() => parseTomlText(`"${big}" = 1\n`, '1.0')).toThrowError(/quoted key longer than/);
    expect(() => parseTomlText(`[a."${big}"]\n`, '1.0')).toThrowError(TomlSyntaxError);
  });
});
