/**
 * Carrying a parsed context over a verified line rewrite (line-rewrite.ts) instead of parsing
 * the new text. The rewrite keeps every line where it was, so the old parse already describes
 * the new text except for the rewritten line and the offsets after it: the pair, tokens and
 * comment of that line are replaced by those of the line parsed alone, and everything after
 * it moves by the length difference. Lines and columns elsewhere do not change.
 *
 * The result is marked as not parsed: it only serves further line rewrites, whose check reads
 * only line facts from it and parses the line content afresh; every other edit parses the
 * text again first (see EditContext.asParsed).
 */
import type { AST } from 'toml-eslint-parser';
import { EditContext } from './edit-context.js';
import type { LineRewrite } from './line-rewrite.js';

type Located = AST.TOMLNode | AST.Token | AST.Comment;

/** Moves a node and everything inside it by `delta` offsets and `lines` lines. */
function moveTree(node: AST.TOMLContentNode | AST.TOMLKeyValue | AST.TOMLKey | AST.TOMLTable | AST.TOMLBare | AST.TOMLQuoted, delta: number, lines: number): void {
  move(node, delta, lines);
  switch (node.type) {
    case 'TOMLTable':
      moveTree(node.key, delta, lines);
      for (const pair of node.body) moveTree(pair, delta, lines);
      return;
    case 'TOMLKeyValue':
      moveTree(node.key, delta, lines);
      moveTree(node.value, delta, lines);
      return;
    case 'TOMLKey':
      for (const k of node.keys) moveTree(k, delta, lines);
      return;
    case 'TOMLArray':
      for (const el of node.elements) moveTree(el, delta, lines);
      return;
    case 'TOMLInlineTable':
      for (const pair of node.body) moveTree(pair, delta, lines);
      return;
    default:
      return;
  }
}

function move(item: Located, delta: number, lines: number): void {
  item.range[0] += delta;
  item.range[1] += delta;
  if (lines === 0) return;
  item.loc.start = { line: item.loc.start.line + lines, column: item.loc.start.column };
  item.loc.end = { line: item.loc.end.line + lines, column: item.loc.end.column };
}

/** Index of the first item starting at or after `offset` (items sorted, not overlapping). */
function firstFrom(items: readonly Located[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as Located).range[0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An ancestor that ended where the old pair ended now ends where the new one does; one ending later moves. */
function fixEnd(node: AST.TOMLTable | AST.TOMLTopLevelTable, oldPair: AST.TOMLKeyValue, newPair: AST.TOMLKeyValue, delta: number): void {
  if (node.range[0] === oldPair.range[0]) {
    node.range[0] = newPair.range[0];
    node.loc.start = { ...newPair.loc.start };
  }
  if (node.range[1] === oldPair.range[1]) {
    node.range[1] = newPair.range[1];
    node.loc.end = { ...newPair.loc.end };
  } else if (node.range[1] > oldPair.range[1]) {
    node.range[1] += delta;
  }
}

/**
 * The context of the rewritten text, made by updating `ctx`'s parse in place. `ctx` must belong
 * to the caller alone (taken from a cache or made for this edit): it describes the old text no
 * longer afterwards.
 */
export function rewriteContext(ctx: EditContext, rewrite: LineRewrite): EditContext {
  const { ast } = ctx;
  const { oldPair, lineStart, parsedLine, newText } = rewrite;
  const delta = newText.length - ctx.text.length;
  const oldLineEnd = ctx.lines.contentEnd(rewrite.line);
  const lineShift = rewrite.line;
  const newPair = parsedLine.body[0].body[0] as AST.TOMLKeyValue;
  moveTree(newPair, lineStart, lineShift);
  for (const t of parsedLine.tokens) move(t, lineStart, lineShift);
  for (const c of parsedLine.comments) move(c, lineStart, lineShift);

  const parent = oldPair.parent as AST.TOMLTable | AST.TOMLTopLevelTable;
  const top = ast.body[0];
  const at = (parent.body as AST.TOMLKeyValue[]).indexOf(oldPair);
  (newPair as { parent: AST.TOMLNode }).parent = parent;
  (parent.body as AST.TOMLKeyValue[])[at] = newPair;
  for (const pair of parent.body.slice(at + 1)) moveTree(pair, delta, 0);
  if (parent.type === 'TOMLTable') {
    for (const item of top.body.slice(top.body.indexOf(parent) + 1)) moveTree(item, delta, 0);
    fixEnd(parent, oldPair, newPair, delta);
  }
  fixEnd(top, oldPair, newPair, delta);

  const [first, last] = rewrite.tokenRange;
  for (const t of ast.tokens.slice(last + 1)) move(t, delta, 0);
  ast.tokens.splice(first, last - first + 1, ...parsedLine.tokens);
  const commentFrom = firstFrom(ast.comments, lineStart);
  const commentTo = firstFrom(ast.comments, oldLineEnd + 1);
  for (const c of ast.comments.slice(commentTo)) move(c, delta, 0);
  ast.comments.splice(commentFrom, commentTo - commentFrom, ...parsedLine.comments);

  ast.range[1] = newText.length;
  if (ast.loc.end.line === rewrite.line + 1) ast.loc.end = { line: ast.loc.end.line, column: ast.loc.end.column + delta };
  return new EditContext(newText, ast, ctx.dialect, ctx.eolOption, false);
}
