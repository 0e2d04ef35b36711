/**
 * Removing a key path: a header table with its sub-tables and comments, pairs defined with
 * dotted keys, a pair in a table body, or an entry of an inline table or array.
 */
import type { AST } from 'toml-eslint-parser';
import { startsWithPath, type KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import { TomlEditError } from './errors.js';
import { deleteLines, mergeRegions, pairRegion, replaceLines, tableRegion, type LineRegion } from './line-layout.js';
import { spliceList } from './replace-value.js';
import type { TextEdit } from './text-edits.js';
import { commentText } from './toml-serialize.js';

/**
 * Edits that remove `path`. With a placeholder, the first removed block of lines becomes that
 * comment line (not possible inside an inline table or array, where it is left out).
 */
export function planRemove(ctx: EditContext, path: KeyPath, placeholder?: string): TextEdit[] {
  const entry = ctx.index.get(path);
  if (!entry) throw new TomlEditError('nothing to remove: the key does not exist', path);
  if (entry.type === 'root') throw new TomlEditError('cannot remove the whole document', path);
  if (entry.type === 'value' && entry.holder.kind === 'inline') {
    return removeFromInline(entry.holder.table, [entry.pair as AST.TOMLKeyValue]);
  }
  if (entry.type === 'value' && entry.holder.kind === 'array') {
    const { array, index } = entry.holder;
    return spliceList(array, array.elements, array.elements.map((_, i) => i !== index), [], '');
  }
  if (entry.type === 'dotted' && entry.owner?.type === 'TOMLInlineTable') return removeFromInline(entry.owner, entry.pairs);
  const line = placeholder === undefined ? undefined : commentText(placeholder, path);
  return removeLines(ctx, removedRegions(ctx, path), line);
}

function removeFromInline(table: AST.TOMLInlineTable, pairs: readonly AST.TOMLKeyValue[]): TextEdit[] {
  return spliceList(table, table.body, table.body.map((p) => !pairs.includes(p)), [], ' ');
}

/** Every header at or under `path`, and every body pair at or under it outside those tables. */
function removedRegions(ctx: EditContext, path: KeyPath): LineRegion[] {
  const tables = ctx.index.headers.filter((t) => startsWithPath(t.resolvedKey, path));
  const regions = tables.map((t) => tableRegion(ctx, t));
  for (const { pair, path: pairPath, owner } of ctx.index.bodyPairs) {
    if (startsWithPath(pairPath, path) && !(owner && tables.includes(owner))) regions.push(pairRegion(ctx, pair));
  }
  return regions;
}

function removeLines(ctx: EditContext, regions: readonly LineRegion[], placeholder: string | undefined): TextEdit[] {
  return mergeRegions(ctx, regions).map((region, i) => {
    if (i === 0 && placeholder !== undefined) return replaceLines(ctx, region, ctx.lines.indentOf(region.first) + placeholder);
    return deleteLines(ctx, region);
  });
}

