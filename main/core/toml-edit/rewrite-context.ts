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
import { EditContext, type RangeLists } from './edit-context.js';
import type { LineRewrite } from './line-rewrite.js';

type TreeNode = AST.TOMLContentNode | AST.TOMLKeyValue | AST.TOMLKey | AST.TOMLTable | AST.TOMLBare | AST.TOMLQuoted;

/** Calls `visit` on a node and everything inside it, in document order (parents first). */
function walk(node: TreeNode, visit: (node: TreeNode) => void): void {
  visit(node);
  switch (node.type) {
    case 'TOMLTable':
      walk(node.key, visit);
      for (const pair of node.body) walk(pair, visit);
      return;
    case 'TOMLKeyValue':
      walk(node.key, visit);
      walk(node.value, visit);
      return;
    case 'TOMLKey':
      for (const k of node.keys) walk(k, visit);
      return;
    case 'TOMLArray':
      for (const el of node.elements) walk(el, visit);
      return;
    case 'TOMLInlineTable':
      for (const pair of node.body) walk(pair, visit);
      return;
    default:
      return;
  }
}

/**
 * The range arrays of a parse, each list sorted by start: every node below the top-level
 * table, every token, every comment. Moving the tail of a flat list is several times faster
 * than walking the tree, and a rewrite near the top of a long file moves nearly all of it.
 */
export function collectRanges(ast: AST.TOMLProgram): RangeLists {
  const nodes: AST.Range[] = [];
  for (const item of ast.body[0].body) walk(item, (n) => nodes.push(n.range));
  return { nodes, tokens: ast.tokens.map((t) => t.range), comments: ast.comments.map((c) => c.range) };
}

/** Index of the first range starting at or after `offset`. */
function firstFrom(ranges: readonly AST.Range[], offset: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid] as AST.Range)[0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Replaces the ranges starting on the rewritten line by the new line's, and moves the ones after it. */
function spliceRanges(ranges: AST.Range[], from: number, to: number, delta: number, replacement: readonly AST.Range[]): void {
  const start = firstFrom(ranges, from);
  const end = firstFrom(ranges, to);
  // A value rewritten to one of the same length (a reading retuned) moves nothing.
  if (delta !== 0) {
    for (let i = end; i < ranges.length; i++) {
      const r = ranges[i] as AST.Range;
      r[0] += delta;
      r[1] += delta;
    }
  }
  ranges.splice(start, end - start, ...replacement);
}

/** Moves a located item by `delta` offsets and `lines` lines (columns stay). */
function place(item: { range: AST.Range; loc: AST.SourceLocation }, delta: number, lines: number): void {
  item.range[0] += delta;
  item.range[1] += delta;
  item.loc.start = { line: item.loc.start.line + lines, column: item.loc.start.column };
  item.loc.end = { line: item.loc.end.line + lines, column: item.loc.end.column };
}

/** An ancestor that started or ended where the old pair did now does so where the new one does; one ending later moves. */
function fixAncestor(node: AST.TOMLTable | AST.TOMLTopLevelTable, oldPair: AST.TOMLKeyValue, newPair: AST.TOMLKeyValue, delta: number): void {
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
  const { oldPair, lineStart, line, parsedLine, newText } = rewrite;
  const delta = newText.length - ctx.text.length;
  const oldLineEnd = ctx.lines.contentEnd(line);
  const lists = ctx.rangeLists(collectRanges);
  // The line parsed alone starts at offset 0 on line 1; put it where it stands.
  const newPair = parsedLine.body[0].body[0] as AST.TOMLKeyValue;
  const newNodes: AST.Range[] = [];
  walk(newPair, (n) => {
    place(n, lineStart, line);
    newNodes.push(n.range);
  });
  for (const t of parsedLine.tokens) place(t, lineStart, line);
  for (const c of parsedLine.comments) place(c, lineStart, line);

  // Which comment stood on the line is decided before anything moves.
  const commentAt = firstFrom(lists.comments, lineStart);
  const oldComments = commentAt < lists.comments.length && (lists.comments[commentAt] as AST.Range)[0] < oldLineEnd ? 1 : 0;
  spliceRanges(lists.nodes, lineStart, oldLineEnd, delta, newNodes);
  spliceRanges(lists.tokens, lineStart, oldLineEnd, delta, parsedLine.tokens.map((t) => t.range));
  spliceRanges(lists.comments, lineStart, oldLineEnd, delta, parsedLine.comments.map((c) => c.range));
  const [first, last] = rewrite.tokenRange;
  ast.tokens.splice(first, last - first + 1, ...parsedLine.tokens);
  ast.comments.splice(commentAt, oldComments, ...parsedLine.comments);

  const parent = oldPair.parent as AST.TOMLTable | AST.TOMLTopLevelTable;
  (newPair as { parent: AST.TOMLNode }).parent = parent;
  const body = parent.body as AST.TOMLKeyValue[];
  body[body.indexOf(oldPair)] = newPair;
  if (parent.type === 'TOMLTable') fixAncestor(parent, oldPair, newPair, delta);
  fixAncestor(ast.body[0], oldPair, newPair, delta);
  ast.range[1] = newText.length;
  if (ast.loc.end.line === line + 1) ast.loc.end = { line: ast.loc.end.line, column: ast.loc.end.column + delta };
  return new EditContext(newText, ast, ctx.dialect, ctx.eolOption, false, { ranges: lists });
}
