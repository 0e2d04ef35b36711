/**
 * Checks on the keys of a parsed config file, run before its value is built or validated:
 * names JavaScript objects already have (`__proto__`, `constructor`, …) are refused wherever
 * they stand, and keys nested deeper than the limit are refused at the first one too deep.
 * Both come back as issues at the key's own line and column. The walk is iterative, so it is
 * safe on any tree the parser returns.
 */
import type { AST } from 'toml-eslint-parser';
import type { ConfigIssue } from '../../../shared/errors.js';
import { isReservedName } from '../../../shared/model/ids.js';
import { MAX_TOML_NESTING } from '../toml-edit/index.js';

type Path = readonly (string | number)[];

/** `instruments.a.roles[0]` — a key path as issues show it. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

interface Work {
  /** Pairs of a table or inline table, or the elements of an array. */
  readonly pairs?: readonly AST.TOMLKeyValue[];
  readonly elements?: readonly AST.TOMLContentNode[];
  readonly path: Path;
  /** Key segments above this point (array indices do not count). */
  readonly depth: number;
}

function segmentName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

/** Every reserved key, and the first key nested deeper than {@link MAX_TOML_NESTING}, in file order. */
export function keyIssues(ast: AST.TOMLProgram, file: string): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  let tooDeep = false;
  // Runs on every write of a large file: the common case (a good key) allocates nothing, and the
  // path is built only for an issue, so a key of thousands of dotted segments stays linear.
  const check = (key: AST.TOMLBare | AST.TOMLQuoted, path: Path, names: readonly (AST.TOMLBare | AST.TOMLQuoted)[], upTo: number, depth: number): void => {
    const name = segmentName(key);
    const reserved = isReservedName(name);
    if (!reserved && (depth <= MAX_TOML_NESTING || tooDeep)) return;
    const issue = { file, line: key.loc.start.line, column: key.loc.start.column + 1, path: pathText([...path, ...names.slice(0, upTo).map(segmentName)]), severity: 'error' as const };
    if (reserved) out.push({ ...issue, message: `"${name}" is a reserved name (a built-in name of JavaScript objects); rename this key` });
    else {
      tooDeep = true;
      out.push({ ...issue, message: `keys nested more than ${MAX_TOML_NESTING} levels deep (the limit)` });
    }
  };
  const work: Work[] = [];
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') {
      work.push({ pairs: [item], path: [], depth: 0 });
      continue;
    }
    // A header's segments, each with the resolved path up to it (arrays of tables add indices).
    let seen = 0;
    item.resolvedKey.forEach((seg, i) => {
      if (typeof seg === 'number') return;
      const key = item.key.keys[seen];
      seen += 1;
      if (key) check(key, item.resolvedKey.slice(0, i + 1), [], 0, seen);
    });
    work.push({ pairs: item.body, path: item.resolvedKey, depth: seen });
  }
  for (let next = work.pop(); next; next = work.pop()) {
    const { path, depth } = next;
    for (const pair of next.pairs ?? []) {
      const keys = pair.key.keys;
      for (let k = 0; k < keys.length; k += 1) check(keys[k]!, path, keys, k + 1, depth + k + 1);
      const value = pair.value;
      if (value.type === 'TOMLInlineTable' || value.type === 'TOMLArray') pushValue(work, value, [...path, ...keys.map(segmentName)], depth + keys.length);
    }
    next.elements?.forEach((el, i) => {
      if (el.type === 'TOMLInlineTable' || el.type === 'TOMLArray') pushValue(work, el, [...path, i], depth);
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function pushValue(work: Work[], value: AST.TOMLContentNode, path: Path, depth: number): void {
  if (value.type === 'TOMLInlineTable') work.push({ pairs: value.body, path, depth });
  else if (value.type === 'TOMLArray') work.push({ elements: value.elements, path, depth });
}
