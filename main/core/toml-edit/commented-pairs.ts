/**
 * Lines that are taken out and put back. A module role that loses its instrument is commented
 * out instead of deleted — `# detector = "pm_reference"   # needs power measurement` — as a
 * person would do by hand: the file still shows what was there and why. When the role is
 * assigned again, that line comes back with the new value and its own comment, in its place.
 */
import { getStaticTOMLValue, parseTOML, type AST } from 'toml-eslint-parser';
import type { KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import { replaceLines, tableLastLine } from './line-layout.js';
import type { TextEdit } from './text-edits.js';
import { serializeValue, type TomlInputValue } from './toml-serialize.js';

function lineText(ctx: EditContext, line: number): string {
  return ctx.text.slice(ctx.lines.start(line), ctx.lines.contentEnd(line));
}

/** The edit that comments out the pair at `path`, or undefined unless it is one line of a table body. */
export function planCommentOut(ctx: EditContext, path: KeyPath): TextEdit | undefined {
  const entry = ctx.index.get(path);
  if (entry?.type !== 'value' || entry.holder.kind !== 'table' || !entry.pair) return undefined;
  const first = entry.pair.loc.start.line - 1;
  if (entry.pair.loc.end.line - 1 !== first) return undefined;
  const indent = ctx.lines.indentOf(first);
  return replaceLines(ctx, { first, last: first }, `${indent}# ${lineText(ctx, first).slice(indent.length)}`);
}

interface CommentedPair {
  readonly line: number;
  readonly indent: string;
  /** The line after `# `: the pair as it was, with its spacing and trailing comment. */
  readonly content: string;
  readonly ast: AST.TOMLProgram;
  readonly pair: AST.TOMLKeyValue;
}

/** The one pair of the bare or quoted key `key` (not dotted) that `content` holds, if that is all it holds. */
function commentedPairOf(content: string, key: string): { ast: AST.TOMLProgram; pair: AST.TOMLKeyValue } | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(content);
  } catch {
    return undefined; // a comment that is prose, not a pair
  }
  const [top] = ast.body;
  const [pair] = top?.body ?? [];
  if (!pair || top?.body.length !== 1 || pair.type !== 'TOMLKeyValue' || pair.key.keys.length !== 1) return undefined;
  const value = getStaticTOMLValue(ast) as Record<string, unknown>;
  return Object.keys(value).length === 1 && Object.hasOwn(value, key) ? { ast, pair } : undefined;
}

/** The last commented-out line of `key` in the body of `table`, if there is one. */
function findCommentedPair(ctx: EditContext, table: AST.TOMLTable, key: string): CommentedPair | undefined {
  let found: CommentedPair | undefined;
  for (let line = table.loc.start.line; line <= tableLastLine(ctx, table); line++) {
    if (ctx.kinds[line] !== 'comment') continue;
    const match = /^(\s*)# (.*)$/.exec(lineText(ctx, line));
    if (!match) continue;
    const [, indent = '', content = ''] = match;
    const hit = commentedPairOf(content, key);
    if (hit) found = { line, indent, content, ...hit };
  }
  return found;
}

/**
 * The edit that brings back the commented-out line of `path` (a key its table lacks) with
 * `value`, or undefined when the table has no such line. The key keeps its spacing and the
 * trailing comment its column where the new value leaves room.
 */
export function planUncomment(ctx: EditContext, path: KeyPath, value: TomlInputValue): TextEdit | undefined {
  const key = path[path.length - 1];
  const table = ctx.index.get(path.slice(0, -1));
  if (typeof key !== 'string' || table?.type !== 'header' || ctx.index.get(path)) return undefined;
  const found = findCommentedPair(ctx, table.table, key);
  if (!found) return undefined;
  const [valueStart, valueEnd] = found.pair.value.range;
  const head = `${found.content.slice(0, valueStart)}${serializeValue(value, path)}`;
  const [comment] = found.ast.comments;
  const tail = comment ? `${' '.repeat(Math.max(1, comment.range[0] - head.length))}${found.content.slice(comment.range[0])}` : found.content.slice(valueEnd).trimEnd();
  return replaceLines(ctx, { first: found.line, last: found.line }, `${found.indent}${head}${tail}`);
}
