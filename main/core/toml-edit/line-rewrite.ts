/**
 * Local verification of an edit that rewrites one key/value line, without parsing the new
 * document.
 *
 * The case: the edit's spans all lie on one line ℓ of the old text, and ℓ holds exactly one
 * key/value pair of a table body (or the root), on that line alone, plus at most a comment;
 * no token of any other line reaches into ℓ. The new line ℓ' has no line break.
 *
 * The check: the old and the new line each parse on their own, in the file's dialect, as
 * exactly one pair; both pairs have the same key; the new pair's value equals the old pair's
 * value with the change applied; the text outside the spans is unchanged.
 *
 * Why this is as strong as parsing the new document. TOML is a sequence of expressions, one
 * per line, and an expression can only continue onto another line through a multi-line
 * string, array or (1.1) inline table. The old parse says no construct crosses ℓ, and ℓ' is a
 * complete expression on one line (it parsed alone, and without a line break there is room for
 * one expression only), so the lines before and after ℓ are the same expressions, byte for
 * byte, in the new text. What can still differ is key validity: a pair defines its own key
 * (and the tables its dotted key implies), and a value, whatever its type, closes its key to
 * every other expression. Both pairs have the same key in the same table, so every other
 * expression meets exactly the definitions it met before, and the old text was valid. The
 * decoded document is therefore the old one with only the pair's key changed, and that value
 * is compared with the intended one. The parser agrees: its duplicate check looks at key paths
 * and, below a pair, only at the pair's own value, and it reads lines only through its tokens.
 *
 * The facts taken from the old parse are line facts (which line the pair is on, which table
 * it belongs to, that nothing crosses the line); the old line's content is parsed afresh, so
 * a wrong offset in the context can only make the check refuse, never pass a wrong text.
 *
 * Which edits come here: setValue of an existing value (a scalar, or an element or entry of
 * an array or inline table written on its pair's line), with or without a change marker.
 * Inserted keys, removals, added tables, a table set as a whole, values whose pair spans
 * several lines, and anything this check refuses are verified by parsing the whole new text.
 */
import type { AST } from 'toml-eslint-parser';
import { contentValue, keySegments, plainScalar, type PlainValue } from './document-value.js';
import type { KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import { cloneValue, setIn } from './model-ops.js';
import type { SplicedText } from './text-edits.js';
import { parseTomlText } from './toml-text.js';
import { diffValues, type EqualityOptions } from './value-equality.js';
import { checkUntouched } from './verify-edit.js';

/** A pair in a table body (or the root) and the value node a key path names inside it. */
export interface PairHit {
  readonly pair: AST.TOMLKeyValue;
  /** The pair's full key path (table path plus its own, possibly dotted, key). */
  readonly pairPath: KeyPath;
  /** The node the looked-up path names: the pair's value or an element or entry inside it. */
  readonly node: AST.TOMLContentNode;
}

/** A verified rewrite of one line: what the context needs to follow it to the new text. */
export interface LineRewrite {
  /** 0-based line, the same in both texts. */
  readonly line: number;
  readonly lineStart: number;
  /** The pair that stood on the line, and the index range of its tokens in the old parse. */
  readonly oldPair: AST.TOMLKeyValue;
  readonly tokenRange: readonly [number, number];
  /** The new line parsed on its own (offsets relative to the line start, line 1). */
  readonly parsedLine: AST.TOMLProgram;
  readonly newText: string;
}

/** What to check: the edit of `path` to `value`, planned on `ctx`, gave `spliced`. */
export interface LineRewriteInput extends EqualityOptions {
  readonly ctx: EditContext;
  readonly hit: PairHit;
  readonly path: KeyPath;
  readonly value: unknown;
  readonly spliced: SplicedText;
}

/**
 * The value node `path` names, found through the one body pair that defines a prefix of it
 * (a valid document has at most one). Undefined when no pair does, or the path goes on past
 * a value, or ends inside a dotted key; callers then use the full index.
 */
export function findPairValue(ast: AST.TOMLProgram, path: KeyPath): PairHit | undefined {
  for (const item of ast.body[0].body) {
    if (item.type === 'TOMLKeyValue') {
      const hit = matchPair(item, 0, path);
      if (hit) return hit;
      continue;
    }
    const key = item.resolvedKey;
    if (key.length >= path.length || !key.every((seg, i) => seg === path[i])) continue;
    for (const pair of item.body) {
      const hit = matchPair(pair, key.length, path);
      if (hit) return hit;
    }
  }
  return undefined;
}

function matchPair(pair: AST.TOMLKeyValue, at: number, path: KeyPath): PairHit | undefined {
  const segs = keySegments(pair.key);
  if (!segs.every((seg, i) => seg === path[at + i])) return undefined;
  const end = at + segs.length;
  const node = descend(pair.value, path, end);
  return node && { pair, pairPath: path.slice(0, end), node };
}

/** The node at `path[at..]` inside a value: array indexes and inline-table keys. */
function descend(node: AST.TOMLContentNode, path: KeyPath, at: number): AST.TOMLContentNode | undefined {
  if (at === path.length) return node;
  const seg = path[at];
  if (node.type === 'TOMLArray') {
    const el = typeof seg === 'number' && Number.isInteger(seg) ? node.elements[seg] : undefined;
    return el && descend(el, path, at + 1);
  }
  if (node.type !== 'TOMLInlineTable') return undefined;
  for (const pair of node.body) {
    const segs = keySegments(pair.key);
    if (segs.every((s, i) => s === path[at + i])) return at + segs.length <= path.length ? descend(pair.value, path, at + segs.length) : undefined;
  }
  return undefined;
}

/** First index whose token starts at or after `offset`. */
function firstTokenFrom(tokens: readonly AST.Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as AST.Token).range[0] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index range of the pair's tokens when the pair is a single-line body pair that has its
 * line to itself: no token before it ends on that line, none after it starts there.
 */
function ownLineTokens(ast: AST.TOMLProgram, pair: AST.TOMLKeyValue): [number, number] | undefined {
  const parent = pair.parent.type;
  const line = pair.loc.start.line;
  if ((parent !== 'TOMLTable' && parent !== 'TOMLTopLevelTable') || pair.loc.end.line !== line) return undefined;
  const tokens = ast.tokens;
  const first = firstTokenFrom(tokens, pair.range[0]);
  const last = firstTokenFrom(tokens, pair.range[1]) - 1;
  if (tokens[first]?.range[0] !== pair.range[0] || tokens[last]?.range[1] !== pair.range[1]) return undefined;
  if (first > 0 && (tokens[first - 1] as AST.Token).loc.end.line >= line) return undefined;
  if (last + 1 < tokens.length && (tokens[last + 1] as AST.Token).loc.start.line <= line) return undefined;
  return [first, last];
}

/** The one pair a line holds when parsed on its own, or undefined (no parse, or not one pair). */
function parseLine(text: string, ctx: EditContext): { ast: AST.TOMLProgram; pair: AST.TOMLKeyValue } | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTomlText(text, ctx.dialect);
  } catch {
    return undefined;
  }
  const body = ast.body[0].body;
  const pair = body[0];
  return body.length === 1 && pair?.type === 'TOMLKeyValue' ? { ast, pair } : undefined;
}

function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

/** The old pair's value with `value` set at the rest of the path, as the intended document has it. */
function expectedPairValue(old: PlainValue, rest: KeyPath, value: unknown): unknown {
  if (rest.length === 0) return value;
  const holder: Record<string, unknown> = { v: cloneValue(old) };
  setIn(holder, ['v', ...rest], value);
  return holder['v'];
}

/**
 * Verifies the edit locally (see the module comment). Returns the rewrite when every check
 * holds; undefined when the edit is not of this kind or any check fails, in which case the
 * caller must run the full verification.
 */
export function checkLineRewrite(input: LineRewriteInput): LineRewrite | undefined {
  const { ctx, hit, path, spliced } = input;
  const oldText = ctx.text;
  const newText = spliced.text;
  const tokenRange = ownLineTokens(ctx.ast, hit.pair);
  if (!tokenRange) return undefined;
  const line = hit.pair.loc.start.line - 1;
  const lineStart = ctx.lines.start(line);
  const oldEnd = ctx.lines.contentEnd(line);
  const newEnd = oldEnd + newText.length - oldText.length;
  if (newEnd < lineStart || checkUntouched(oldText, newText, spliced.spans)) return undefined;
  if (!spliced.spans.every((s) => s.oldStart >= lineStart && s.oldEnd <= oldEnd && s.newStart >= lineStart && s.newEnd <= newEnd)) return undefined;
  const newLine = newText.slice(lineStart, newEnd);
  if (/[\r\n]/.test(newLine)) return undefined;
  const before = parseLine(oldText.slice(lineStart, oldEnd), ctx);
  const after = parseLine(newLine, ctx);
  if (!before || !after) return undefined;
  const key = keySegments(hit.pair.key);
  if (!samePath(keySegments(before.pair.key), key) || !samePath(keySegments(after.pair.key), key)) return undefined;
  const table = hit.pair.parent.type === 'TOMLTable' ? hit.pair.parent.resolvedKey : [];
  const pairPath = [...table, ...key];
  if (!samePath(pairPath, hit.pairPath) || !samePath(path.slice(0, pairPath.length), pairPath)) return undefined;
  const expected = expectedPairValue(contentValue(before.pair.value, plainScalar), path.slice(pairPath.length), input.value);
  if (diffValues(contentValue(after.pair.value, plainScalar), expected, '', input) !== undefined) return undefined;
  return { line, lineStart, oldPair: hit.pair, tokenRange, parsedLine: after.ast, newText };
}
