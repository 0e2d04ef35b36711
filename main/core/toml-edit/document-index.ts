/**
 * Where each key path of a document is defined: a value, a `[table]` header, an array of
 * tables, a table made by dotted keys, or a table that only exists because deeper headers
 * name it. Edits pick their strategy from this.
 */
import type { AST } from 'toml-eslint-parser';
import { keySegments } from './document-value.js';

/** A key path: strings for keys, numbers for array (or array-of-tables) indexes. */
export type KeyPath = readonly (string | number)[];

/** What holds a value node. */
export type ValueHolder =
  | { kind: 'table'; table: AST.TOMLTable | null }
  | { kind: 'inline'; table: AST.TOMLInlineTable }
  | { kind: 'array'; array: AST.TOMLArray; index: number };

/** How a key path is defined. */
export type PathEntry =
  | { type: 'root' }
  | { type: 'value'; node: AST.TOMLContentNode; pair: AST.TOMLKeyValue | undefined; holder: ValueHolder }
  | { type: 'header'; table: AST.TOMLTable }
  | { type: 'array-of-tables'; tables: AST.TOMLTable[] }
  | { type: 'dotted'; owner: AST.TOMLTable | AST.TOMLInlineTable | null; ownerPath: KeyPath; pairs: AST.TOMLKeyValue[] }
  | { type: 'implicit'; tables: AST.TOMLTable[] };

/** A key/value pair directly in a table body (or the root), with its full path. */
export interface BodyPair {
  readonly pair: AST.TOMLKeyValue;
  readonly path: KeyPath;
  readonly owner: AST.TOMLTable | null;
}

const RANK: Record<PathEntry['type'], number> = { root: 6, value: 5, header: 4, 'array-of-tables': 3, dotted: 2, implicit: 1 };

/** Whether `path` starts with `prefix`. */
export function startsWithPath(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => seg === path[i]);
}

/** The index of one parsed document. */
export class DocumentIndex {
  /** `[table]` and `[[table]]` headers in document order. */
  readonly headers: AST.TOMLTable[];
  /** Pairs in table bodies and at the root, in document order. */
  readonly bodyPairs: BodyPair[] = [];
  private readonly entries = new Map<string, PathEntry>();

  constructor(readonly ast: AST.TOMLProgram) {
    this.entries.set('[]', { type: 'root' });
    const top = ast.body[0];
    this.headers = top.body.filter((n): n is AST.TOMLTable => n.type === 'TOMLTable');
    const rootPairs = top.body.filter((n): n is AST.TOMLKeyValue => n.type === 'TOMLKeyValue');
    this.indexPairs([], rootPairs, null);
    for (const table of this.headers) {
      this.indexHeader(table);
      this.indexPairs(table.resolvedKey, table.body, table);
    }
  }

  /** The definition of exactly this path, if any. */
  get(path: KeyPath): PathEntry | undefined {
    return this.entries.get(JSON.stringify(path));
  }

  /** The longest prefix of `path` (possibly all of it, at least the root) that is defined. */
  deepest(path: KeyPath): { depth: number; entry: PathEntry } {
    for (let depth = path.length; depth > 0; depth--) {
      const entry = this.get(path.slice(0, depth));
      if (entry) return { depth, entry };
    }
    return { depth: 0, entry: { type: 'root' } };
  }

  private add(path: KeyPath, entry: PathEntry): void {
    const key = JSON.stringify(path);
    const old = this.entries.get(key);
    if (!old || RANK[entry.type] > RANK[old.type]) this.entries.set(key, entry);
    else if (old.type === entry.type && 'tables' in old && 'tables' in entry) old.tables.push(...entry.tables);
    else if (old.type === 'dotted' && entry.type === 'dotted') old.pairs.push(...entry.pairs);
  }

  private indexHeader(table: AST.TOMLTable): void {
    const key = table.resolvedKey;
    this.add(key, { type: 'header', table });
    for (let i = 1; i < key.length; i++) {
      const prefix = key.slice(0, i);
      if (typeof key[i] === 'number') this.add(prefix, { type: 'array-of-tables', tables: [table] });
      else if (typeof key[i - 1] !== 'number') this.add(prefix, { type: 'implicit', tables: [table] });
    }
  }

  private indexPairs(prefix: KeyPath, pairs: readonly AST.TOMLKeyValue[], owner: AST.TOMLTable | AST.TOMLInlineTable | null): void {
    for (const pair of pairs) {
      const segs = keySegments(pair.key);
      const path = [...prefix, ...segs];
      if (owner === null || owner.type === 'TOMLTable') this.bodyPairs.push({ pair, path, owner });
      for (let i = 1; i < segs.length; i++) {
        this.add(path.slice(0, prefix.length + i), { type: 'dotted', owner, ownerPath: prefix, pairs: [pair] });
      }
      const holder: ValueHolder = owner?.type === 'TOMLInlineTable' ? { kind: 'inline', table: owner } : { kind: 'table', table: owner };
      this.add(path, { type: 'value', node: pair.value, pair, holder });
      this.indexValue(path, pair.value);
    }
  }

  private indexValue(path: KeyPath, node: AST.TOMLContentNode): void {
    if (node.type === 'TOMLInlineTable') this.indexPairs(path, node.body, node);
    if (node.type !== 'TOMLArray') return;
    node.elements.forEach((el, index) => {
      this.add([...path, index], { type: 'value', node: el, pair: undefined, holder: { kind: 'array', array: node, index } });
      this.indexValue([...path, index], el);
    });
  }
}
