/**
 * Reading a TOML config text with positions: the parsed value plus the AST, so every problem
 * found later can be pinned to a line and column.
 */
import type { AST } from 'toml-eslint-parser';
import { TomlSyntaxError, documentValue, parseTomlDocument, plainScalar } from '../toml-edit/index.js';
import type { ConfigIssue } from '../../../shared/errors.js';
import { keyIssues } from './key-checks.js';

export interface ParsedToml {
  readonly ast: AST.TOMLProgram;
  readonly value: Record<string, unknown>;
}

export type ParseOutcome = { ok: true; doc: ParsedToml } | { ok: false; issues: ConfigIssue[] };

/**
 * Parses TOML 1.0 or 1.1 text with the same strict parser the file writer uses, so a file the
 * app loads is always one it can edit. A syntax error, a reserved key (`__proto__`,
 * `constructor`, …) or nesting beyond the limits comes back as issues with their positions.
 */
export function parseTomlText(text: string, file: string, parsed?: AST.TOMLProgram): ParseOutcome {
  const at = (line: number, column: number, message: string): ParseOutcome => ({
    ok: false,
    issues: [{ file, line, column, path: '', message, severity: 'error' }],
  });
  try {
    // A file read as UTF-8 text keeps its byte order mark; TOML content starts after it.
    // A tree the editor already built for exactly this text stands in for a second parse.
    const ast = parsed ?? parseTomlDocument(text.startsWith('\uFEFF') ? text.slice(1) : text).ast;
    const issues = keyIssues(ast, file);
    if (issues.length > 0) return { ok: false, issues };
    // Built with own properties only (toml-eslint-parser's getStaticTOMLValue assigns keys
    // plainly, so `[a.__proto__]` wrote into Object.prototype for the whole process), and
    // decoded exactly as the file writer decodes it, then made plain JSON.
    const inexact: ConfigIssue[] = [];
    const value = documentValue(ast, (node) => jsonScalar(node, file, inexact)) as Record<string, unknown>;
    if (inexact.length > 0) return { ok: false, issues: inexact };
    return { ok: true, doc: { ast, value } };
  } catch (err) {
    if (err instanceof TomlSyntaxError) return at(err.line, err.column + 1, `TOML syntax error: ${err.reason}`);
    // The limits keep the parser's recursion shallow; should a stack still run out, the file is
    // refused like any other bad file rather than taking the process down.
    if (err instanceof RangeError) return at(1, 1, `the file cannot be read: ${err.message} (nested too deeply or a value too long?)`);
    throw err;
  }
}

/**
 * A decoded scalar as plain JSON: date/times as their TOML text, integers as numbers. An
 * integer a number cannot hold exactly (beyond ±2^53 − 1) is refused with its position rather
 * than silently rounded: a device address or a count must be what the file says.
 */
function jsonScalar(node: AST.TOMLValue, file: string, inexact: ConfigIssue[]): string | number | boolean {
  const value = plainScalar(node);
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      const { line, column } = node.loc.start;
      inexact.push({ file, line, column: column + 1, path: '', severity: 'error', message: `integer ${value} is too large to be held exactly: the limit is ±${Number.MAX_SAFE_INTEGER} (2^53 − 1)` });
    }
    return Number(value);
  }
  return typeof value === 'object' ? value.toString() : value;
}

type Located = { loc: AST.SourceLocation };

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/**
 * The node that best matches a key path: the key-value or table whose key is the longest
 * prefix of `path`. A missing key therefore points at its table's header.
 */
export function locateKeyPath(ast: AST.TOMLProgram, path: readonly (string | number)[]): AST.SourceLocation {
  let best: { score: number; node: Located } = { score: 0, node: { loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } } };
  const consider = (keyPath: (string | number)[], node: Located): void => {
    // A dotted key (`a.type = …`) and an array-of-tables header (`[[processors.x]]`, resolved
    // as processors.x.0) also define the tables their key passes through, so the shared prefix
    // counts; only matching the whole key used to count, which sent a missing key of such a
    // table to its parent's header or to 1:1. On equal depth a node whose whole key is a
    // prefix of `path` (a real header) wins.
    let depth = 0;
    while (depth < keyPath.length && depth < path.length && String(keyPath[depth]) === String(path[depth])) depth += 1;
    const score = 2 * depth + (startsWith(path, keyPath) ? 1 : 0);
    if (depth > 0 && score > best.score) best = { score, node };
  };
  const visitPairs = (prefix: (string | number)[], pairs: AST.TOMLKeyValue[]): void => {
    for (const pair of pairs) {
      const full = [...prefix, ...keyNames(pair.key)];
      consider(full, pair.key.keys.length > 0 && full.length === path.length ? pair : pair.key);
      if (pair.value.type === 'TOMLInlineTable') visitPairs(full, pair.value.body);
      if (pair.value.type === 'TOMLArray') {
        pair.value.elements.forEach((el, i) => {
          consider([...full, i], el);
          if (el.type === 'TOMLInlineTable') visitPairs([...full, i], el.body);
        });
      }
    }
  };
  const top = ast.body[0];
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') visitPairs([], [item]);
    else {
      consider(item.resolvedKey, item);
      visitPairs(item.resolvedKey, item.body);
    }
  }
  return best.node.loc;
}
