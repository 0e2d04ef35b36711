/**
 * Adding a whole table (an instrument, say): a `[a.b.id]` block with sub-tables for nested
 * objects, placed after the last table of its group and introduced by a comment line.
 */
import type { KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import { TomlEditError } from './errors.js';
import { insertTableBlock, planInsert, tableBlockLines } from './insert-value.js';
import type { TextEdit } from './text-edits.js';
import { commentText, isPlainObject, type TomlInputValue } from './toml-serialize.js';

/** Where and how a new table is written. */
export interface AddTableLayout {
  /** The table goes after the last table whose key starts with this; default: the new key's parent. */
  readonly afterPrefix?: KeyPath;
  /** A comment line written above the header, e.g. `# Added dynamically: 2026-08-20T10:00:00Z`. */
  readonly comment?: string;
}

/**
 * Edits that add the table `path` with `values`. When the parent is an inline table the new
 * table becomes an inline entry of it (the comment is then left out, inline tables have none).
 */
export function planAddTable(ctx: EditContext, path: KeyPath, values: TomlInputValue, layout: AddTableLayout): TextEdit[] {
  if (path.length === 0 || path.some((s) => typeof s !== 'string')) throw new TomlEditError('a table key must be a non-empty list of names', path);
  if (!isPlainObject(values)) throw new TomlEditError('table values must be a plain object', path);
  if (ctx.index.get(path)) throw new TomlEditError('the table already exists', path);
  const { entry } = ctx.index.deepest(path.slice(0, -1));
  const inline = (entry.type === 'value' && entry.node.type === 'TOMLInlineTable') || (entry.type === 'dotted' && entry.owner?.type === 'TOMLInlineTable');
  if (inline) return planInsert(ctx, path, values, undefined);
  if (entry.type === 'value') throw new TomlEditError('cannot add a table under a value that is not a table', path);
  if (entry.type === 'array-of-tables') throw new TomlEditError('an array of tables needs an index', path);
  const lines = tableBlockLines(path, values);
  if (layout.comment !== undefined) lines.unshift(commentText(layout.comment, path));
  return [insertTableBlock(ctx, layout.afterPrefix ?? path.slice(0, -1), lines.join(ctx.eol))];
}
