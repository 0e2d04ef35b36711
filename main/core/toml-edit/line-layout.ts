/**
 * Which lines belong to a table or key/value pair (its comments included), and the edits that
 * insert or remove whole lines while keeping the blank-line rhythm of the file.
 *
 * Ownership rules: comment lines directly above a header or pair (no blank line between)
 * belong to it; comment lines directly below a table's last line belong to the table unless
 * they run straight into the next header, in which case they describe that header.
 */
import type { AST } from 'toml-eslint-parser';
import type { EditContext } from './edit-context.js';
import type { TextEdit } from './text-edits.js';

/** An inclusive range of 0-based lines. */
export interface LineRegion {
  readonly first: number;
  readonly last: number;
}

/** First line of the comment block directly above `line`, or `line` when there is none. */
export function leadingCommentStart(ctx: EditContext, line: number): number {
  let l = line;
  while (l > 0 && ctx.kinds[l - 1] === 'comment') l--;
  return l;
}

/** Last line a header table owns: its last pair, plus trailing comments it owns. */
export function tableLastLine(ctx: EditContext, table: AST.TOMLTable): number {
  const end = table.loc.end.line - 1;
  let l = end;
  while (l + 1 < ctx.lines.count && ctx.kinds[l + 1] === 'comment') l++;
  if (l > end && ctx.kinds[l + 1] === 'content') return end;
  return l;
}

/** The lines of a header table, from its leading comments to its owned trailing comments. */
export function tableRegion(ctx: EditContext, table: AST.TOMLTable): LineRegion {
  return { first: leadingCommentStart(ctx, table.loc.start.line - 1), last: tableLastLine(ctx, table) };
}

/** The lines of a pair in a table body, with its leading comments. */
export function pairRegion(ctx: EditContext, pair: AST.TOMLKeyValue): LineRegion {
  return { first: leadingCommentStart(ctx, pair.loc.start.line - 1), last: pair.loc.end.line - 1 };
}

/** Sorts regions and joins those separated only by blank lines. */
export function mergeRegions(ctx: EditContext, regions: readonly LineRegion[]): LineRegion[] {
  const sorted = [...regions].sort((a, b) => a.first - b.first);
  const merged: LineRegion[] = [];
  for (const r of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && onlyBlankBetween(ctx, prev.last, r.first)) merged[merged.length - 1] = { first: prev.first, last: Math.max(prev.last, r.last) };
    else merged.push(r);
  }
  return merged;
}

function onlyBlankBetween(ctx: EditContext, after: number, before: number): boolean {
  for (let l = after + 1; l < before; l++) if (ctx.kinds[l] !== 'blank') return false;
  return true;
}

/** Whether `line` is the empty remainder after a final line break. */
function isTail(ctx: EditContext, line: number): boolean {
  return line === ctx.lines.count - 1 && line > 0 && ctx.lines.start(line) === ctx.text.length;
}

/**
 * Deletes whole lines. A blank line that would double up with another is taken too, and a file
 * without a final line break keeps having none.
 */
export function deleteLines(ctx: EditContext, region: LineRegion): TextEdit {
  const { lines, kinds } = ctx;
  let { first, last } = region;
  const atEnd = last + 1 >= lines.count || isTail(ctx, last + 1);
  const blankBefore = first === 0 || kinds[first - 1] === 'blank';
  if (!atEnd && blankBefore && kinds[last + 1] === 'blank') last++;
  if (atEnd && first > 0 && kinds[first - 1] === 'blank') first--;
  let start = lines.start(first);
  const end = lines.next(last);
  if (atEnd && !lines.hasBreak(last) && first > 0) start = lines.contentEnd(first - 1);
  return { start, end, insert: '' };
}

/** Replaces whole lines (keeping the final line break) by one line. */
export function replaceLines(ctx: EditContext, region: LineRegion, line: string): TextEdit {
  return { start: ctx.lines.start(region.first), end: ctx.lines.contentEnd(region.last), insert: line };
}

/** Inserts `block` (lines joined by the file's line ending) after `line`; `separate` adds a blank line before and, if needed, after. */
export function insertAfterLine(ctx: EditContext, line: number, block: string, separate: boolean): TextEdit {
  const at = ctx.lines.contentEnd(line);
  const next = line + 1 < ctx.lines.count && !isTail(ctx, line + 1) ? ctx.kinds[line + 1] : 'blank';
  const after = separate && next !== 'blank' ? ctx.eol : '';
  return { start: at, end: at, insert: `${ctx.eol}${separate ? ctx.eol : ''}${block}${after}` };
}

/** Inserts `block` as new lines before `line`; `separate` adds a blank line after it. */
export function insertBeforeLine(ctx: EditContext, line: number, block: string, separate: boolean): TextEdit {
  const at = ctx.lines.start(line);
  return { start: at, end: at, insert: `${block}${ctx.eol}${separate ? ctx.eol : ''}` };
}

/** Appends `block` at the end of the file, after a blank line when `separate`. */
export function appendAtEnd(ctx: EditContext, block: string, separate: boolean): TextEdit {
  const { text, eol } = ctx;
  const end = text.length;
  if (text.trim() === '') return { start: end, end, insert: `${block}${eol}` };
  const lastLine = ctx.lines.count - 1;
  if (!isTail(ctx, lastLine)) return { start: end, end, insert: `${eol}${separate ? eol : ''}${block}` };
  const blankBefore = ctx.kinds[lastLine - 1] === 'blank';
  return { start: end, end, insert: `${separate && !blankBefore ? eol : ''}${block}${eol}` };
}
