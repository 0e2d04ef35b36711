/**
 * Builds the decoded value of a parsed document, with a caller-chosen form for scalars (tagged
 * JSON for the conformance suite, plain values for edit verification).
 */
import type { AST } from 'toml-eslint-parser';
import { TomlDateTime } from './toml-datetime.js';

/** A decoded table: own enumerable keys only, `__proto__` included as a normal key. */
export interface TableOf<L> {
  [key: string]: ValueOf<L>;
}
/** A decoded value whose scalars have the form `L`. */
export type ValueOf<L> = L | ValueOf<L>[] | TableOf<L>;

/** A plain decoded scalar: integers are bigint (64-bit exact), floats are number. */
export type PlainScalar = string | bigint | number | boolean | TomlDateTime;
/** A plain decoded table. */
export type PlainTable = TableOf<PlainScalar>;
/** A plain decoded value. */
export type PlainValue = ValueOf<PlainScalar>;

/** Sets an own property even for `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  // Assignment makes the same enumerable, writable own property and is much faster; only the
  // `__proto__` accessor inherited from Object.prototype needs the explicit definition.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** An own property only: `table['__proto__']` must not find Object.prototype. */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function isTable<L>(v: ValueOf<L> | undefined): v is TableOf<L> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TomlDateTime);
}

/** Key segments of a key node, unquoted. */
export function keySegments(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

/**
 * The decoded value of a document. The parser has already rejected redefinitions, so this
 * only has to follow the paths.
 */
export function documentValue<L>(ast: AST.TOMLProgram, leaf: (node: AST.TOMLValue) => L): TableOf<L> {
  const root: TableOf<L> = {};
  const top = ast.body[0];
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      assignPair(root, item, leaf);
      continue;
    }
    const table = navigate(root, item.resolvedKey);
    for (const pair of item.body) assignPair(table, pair, leaf);
  }
  return root;
}

/** Walks (creating as needed) to the table a header names; numbers index arrays of tables. */
function navigate<L>(root: TableOf<L>, path: readonly (string | number)[]): TableOf<L> {
  let current: ValueOf<L> = root;
  path.forEach((seg, i) => {
    const next = path[i + 1];
    if (typeof seg === 'number') {
      const arr = current as ValueOf<L>[];
      if (arr[seg] === undefined) arr[seg] = {};
      current = arr[seg] as ValueOf<L>;
      return;
    }
    const table = current as TableOf<L>;
    if (own(table, seg) === undefined) setOwn(table, seg, typeof next === 'number' ? [] : {});
    current = table[seg] as ValueOf<L>;
  });
  return current as TableOf<L>;
}

function assignPair<L>(table: TableOf<L>, pair: AST.TOMLKeyValue, leaf: (node: AST.TOMLValue) => L): void {
  const segs = keySegments(pair.key);
  let current = table;
  for (const seg of segs.slice(0, -1)) {
    if (!isTable(own(current, seg))) setOwn(current, seg, {});
    current = current[seg] as TableOf<L>;
  }
  setOwn(current, segs[segs.length - 1] as string, contentValue(pair.value, leaf));
}

/** The decoded value of one value node (scalar, array or inline table). */
export function contentValue<L>(node: AST.TOMLContentNode, leaf: (node: AST.TOMLValue) => L): ValueOf<L> {
  if (node.type === 'TOMLValue') return leaf(node);
  if (node.type === 'TOMLArray') return node.elements.map((el) => contentValue(el, leaf));
  const table: TableOf<L> = {};
  for (const pair of node.body) assignPair(table, pair, leaf);
  return table;
}

/** The plain form of a scalar node. */
export function plainScalar(node: AST.TOMLValue): PlainScalar {
  switch (node.kind) {
    case 'integer':
      return node.bigint;
    case 'float':
    case 'string':
    case 'boolean':
      return node.value;
    default:
      return new TomlDateTime(node.kind, node.datetime);
  }
}

/** The plain decoded value of a document: integers as bigint, date/times as {@link TomlDateTime}. */
export function plainDocumentValue(ast: AST.TOMLProgram): PlainTable {
  return documentValue(ast, plainScalar);
}
