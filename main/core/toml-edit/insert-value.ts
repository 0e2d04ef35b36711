/**
 * Inserting a key that does not exist yet, in the form its surroundings use: a line at the end
 * of its table's key/value block, a dotted key next to its dotted siblings, an entry of an
 * inline table, or a new `[table]` header when the table does not exist.
 */
import type { AST } from 'toml-eslint-parser';
import { startsWithPath, type KeyPath, type PathEntry } from './document-index.js';
import { planChangeMarker } from './change-marker.js';
import type { EditContext } from './edit-context.js';
import { TomlEditError } from './errors.js';
import { appendAtEnd, insertAfterLine, insertBeforeLine, leadingCommentStart, tableLastLine } from './line-layout.js';
import { spliceList } from './replace-value.js';
import type { TextEdit } from './text-edits.js';
import { commentText, isPlainObject, serializeDottedKey, serializeKey, serializeValue, type TomlInputValue } from './toml-serialize.js';

/** Lines of a new table: its header, its non-table values, then a sub-table per nested object. */
export function tableBlockLines(path: KeyPath, values: { readonly [k: string]: TomlInputValue }): string[] {
  const lines = [`[${serializeDottedKey(path.filter((s) => typeof s === 'string'))}]`];
  const subTables: [string, { readonly [k: string]: TomlInputValue }][] = [];
  for (const [k, v] of Object.entries(values)) {
    if (isPlainObject(v)) subTables.push([k, v]);
    else lines.push(`${serializeKey(k, path)} = ${serializeValue(v, [...path, k])}`);
  }
  for (const [k, v] of subTables) lines.push('', ...tableBlockLines([...path, k], v));
  return lines;
}

/** The header after which a new table under `prefix` goes: the last one whose key starts with it. */
export function lastHeaderUnder(ctx: EditContext, prefix: KeyPath): AST.TOMLTable | undefined {
  return ctx.index.headers.filter((t) => startsWithPath(t.resolvedKey, prefix)).at(-1);
}

/** Edits that insert `path = value`, with an optional change marker comment on the new line. */
export function planInsert(ctx: EditContext, path: KeyPath, value: TomlInputValue, marker: string | undefined): TextEdit[] {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  if (key === undefined) throw new TomlEditError('an empty key path names the whole document', path);
  const suffix = marker === undefined ? '' : ` ${commentText(marker, path)}`;
  const markAt = (node: AST.HasLocs): TextEdit[] => (marker === undefined ? [] : [planChangeMarker(ctx, node.loc.end.line - 1, marker, path)]);
  if (typeof key === 'number') {
    const array = arrayForAppend(ctx, parent, key, path);
    return [...spliceList(array, array.elements, array.elements.map(() => true), [serializeValue(value, path)], ''), ...markAt(array)];
  }
  const { depth, entry } = ctx.index.deepest(parent);
  const pairText = `${serializeDottedKey(path.slice(depth))} = ${serializeValue(value, path)}`;
  if (entry.type === 'value') {
    const node = entry.node;
    if (node.type !== 'TOMLInlineTable') throw new TomlEditError('cannot add a key under a value that is not a table', path);
    return [...spliceList(node, node.body, node.body.map(() => true), [pairText], ' '), ...markAt(node)];
  }
  if (entry.type === 'dotted') {
    const dottedText = `${serializeDottedKey(path.slice(entry.ownerPath.length))} = ${serializeValue(value, path)}`;
    const owner = entry.owner;
    if (owner?.type !== 'TOMLInlineTable') return [insertDotted(ctx, entry.pairs, dottedText + suffix)];
    return [...spliceList(owner, owner.body, owner.body.map(() => true), [dottedText], ' '), ...markAt(owner)];
  }
  if (entry.type === 'array-of-tables') throw new TomlEditError('an array of tables needs an index', path);
  if (depth === parent.length) return [insertIntoTable(ctx, entry, parent, pairText + suffix)];
  if (parent.slice(depth).some((s) => typeof s === 'number')) throw new TomlEditError('cannot create array elements implicitly', path);
  const block = tableBlockLines(parent, {}).concat(`${serializeKey(key, path)} = ${serializeValue(value, path)}${suffix}`);
  return [insertTableBlock(ctx, path.slice(0, depth), block.join(ctx.eol))];
}

function arrayForAppend(ctx: EditContext, parent: KeyPath, index: number, path: KeyPath): AST.TOMLArray {
  const entry = ctx.index.get(parent);
  if (entry?.type !== 'value' || entry.node.type !== 'TOMLArray' || entry.node.elements.length !== index) {
    throw new TomlEditError('an array element can only be added right after the last one', path);
  }
  return entry.node;
}

/** Next to the other pairs of a table made by dotted keys (key relative to their owner table). */
function insertDotted(ctx: EditContext, pairs: readonly AST.TOMLKeyValue[], line: string): TextEdit {
  const last = pairs[pairs.length - 1] as AST.TOMLKeyValue;
  return insertAfterLine(ctx, last.loc.end.line - 1, ctx.lines.indentOf(last.loc.start.line - 1) + line, false);
}

/** A new line at the end of an existing table's key/value block (or of the root block). */
function insertIntoTable(ctx: EditContext, entry: PathEntry, parent: KeyPath, line: string): TextEdit {
  if (entry.type === 'header') {
    const table = entry.table;
    const lastPair = table.body[table.body.length - 1];
    const indent = ctx.lines.indentOf((lastPair ?? table).loc.start.line - 1);
    return insertAfterLine(ctx, table.loc.end.line - 1, indent + line, false);
  }
  if (entry.type === 'implicit') {
    const first = entry.tables[0] as AST.TOMLTable;
    const block = tableBlockLines(parent, {}).concat(line).join(ctx.eol);
    return insertBeforeLine(ctx, leadingCommentStart(ctx, first.loc.start.line - 1), block, true);
  }
  return insertAtRoot(ctx, line);
}

/** Root pairs must come before the first header: after the last root pair, or above the first table. */
function insertAtRoot(ctx: EditContext, line: string): TextEdit {
  const rootPairs = ctx.index.bodyPairs.filter((p) => p.owner === null);
  const last = rootPairs[rootPairs.length - 1];
  if (last) return insertAfterLine(ctx, last.pair.loc.end.line - 1, ctx.lines.indentOf(last.pair.loc.start.line - 1) + line, false);
  const first = ctx.index.headers[0];
  if (first) return insertBeforeLine(ctx, leadingCommentStart(ctx, first.loc.start.line - 1), line, true);
  return appendAtEnd(ctx, line, false);
}

/** A new table block after the last table under `prefix`, or at the end of the file. */
export function insertTableBlock(ctx: EditContext, prefix: KeyPath, block: string): TextEdit {
  const anchor = lastHeaderUnder(ctx, prefix);
  if (anchor) return insertAfterLine(ctx, tableLastLine(ctx, anchor), block, true);
  return appendAtEnd(ctx, block, true);
}
