/**
 * The optional `# changed <timestamp>` note on an edited line. A newer marker replaces an older
 * one instead of piling up; a comment the user wrote on that line stays in front of it.
 */
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

/** The edit that puts `marker` at the end of `line` (0-based), replacing an earlier marker. */
export function planChangeMarker(ctx: EditContext, line: number, marker: string, path: KeyPath): TextEdit {
  const text = commentText(marker, path);
  const crossing = ctx.ast.tokens.find((t) => t.loc.start.line - 1 <= line && t.loc.end.line - 1 > line);
  if (crossing) throw new TomlEditError('cannot put a change marker on a line that a multi-line string continues past', path);
  const comment = ctx.ast.comments.find((c) => c.loc.start.line - 1 === line);
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
