/**
 * The optional `# changed <timestamp>` note on an edited line. A newer marker replaces an older
 * one instead of piling up; a comment the user wrote on that line stays in front of it.
 */
import type { AST } from 'toml-eslint-parser';
import { TomlEditError } from './errors.js';
import type { KeyPath } from './document-index.js';
import type { EditContext } from './edit-context.js';
import type { TextEdit } from './text-edits.js';
import { commentText } from './toml-serialize.js';

/** An earlier marker at the end of a comment: `# changed 2026-01-02T03:04:05.000Z`. */
const MARKER_AT_END = /(^|[ \t]*)#[ \t]*changed[ \t]+\d{4}-\d{2}-\d{2}[T ][^ \t]*[ \t]*$/;

/** The marker comment for a change time. */
export function changeMarkerText(changedAt: Date | string): string {
  return `# changed ${typeof changedAt === 'string' ? changedAt : changedAt.toISOString()}`;
}

/** Index of the first token or comment ending on 0-based `line` or later (they are sorted by position). */
function firstEndingOnOrAfter(items: readonly (AST.Token | AST.Comment)[], line: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as AST.Token).loc.end.line - 1 < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a token on `line` goes on past its end (a multi-line string); a binary search, as files can be long. */
function continuesPast(tokens: readonly AST.Token[], line: number): boolean {
  for (let i = firstEndingOnOrAfter(tokens, line); i < tokens.length; i++) {
    const t = tokens[i] as AST.Token;
    if (t.loc.start.line - 1 > line) return false;
    if (t.loc.end.line - 1 > line) return true;
  }
  return false;
}

/** The edit that puts `marker` at the end of `line` (0-based), replacing an earlier marker. */
export function planChangeMarker(ctx: EditContext, line: number, marker: string, path: KeyPath): TextEdit {
  const text = commentText(marker, path);
  if (continuesPast(ctx.ast.tokens, line)) throw new TomlEditError('cannot put a change marker on a line that a multi-line string continues past', path);
  const comments = ctx.ast.comments;
  const candidate = comments[firstEndingOnOrAfter(comments, line)];
  const comment = candidate?.loc.start.line === line + 1 ? candidate : undefined;
  if (comment) {
    const raw = ctx.text.slice(comment.range[0], comment.range[1]);
    const m = MARKER_AT_END.exec(raw);
    if (m && m.index === 0) return { start: comment.range[0], end: comment.range[1], insert: text };
    if (m) return { start: comment.range[0] + m.index, end: comment.range[1], insert: ` ${text}` };
    return { start: comment.range[1], end: comment.range[1], insert: ` ${text}` };
  }
  const end = ctx.lines.contentEnd(line);
  const before = ctx.text.charAt(end - 1);
  return { start: end, end, insert: `${before === ' ' || before === '\t' ? '' : ' '}${text}` };
}

/** One marker per changed line, skipping a line whose comment lies inside an edit (it is being replaced). */
export function markerEdits(ctx: EditContext, edits: readonly TextEdit[], marker: string, path: KeyPath): TextEdit[] {
  const lines = new Set(edits.map((e) => ctx.lines.lineOf(Math.max(e.start, e.end - 1))));
  const clashes = (m: TextEdit): boolean =>
    edits.some((e) => e.end > e.start && (m.end > m.start ? m.start < e.end && e.start < m.end : e.start < m.start && m.start < e.end));
  return [...lines].map((line) => planChangeMarker(ctx, line, marker, path)).filter((m) => !clashes(m));
}
