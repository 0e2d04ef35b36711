/**
 * The `# Removed: <what> at <time>` comment lines the app leaves where it removed a table.
 * Unbounded, they pile up: a remove/re-add loop left one more per round, a thousand lines after
 * a hundred rounds. So a removal that writes a marker also drops the earlier markers for the same
 * `<what>` (the new one replaces them) and, beyond {@link MAX_REMOVAL_MARKERS} in the file, the
 * oldest. Only whole comment lines in exactly that form count (a `# Removed: …` line written by
 * hand in that form counts too); every other byte stays.
 */
import { createContext, type EditContext } from './edit-context.js';
import { deleteLines, mergeRegions, type LineRegion } from './line-layout.js';
import { applyEdits, composeSpans, type SplicedText } from './text-edits.js';

/** How many removal markers a file keeps at most. */
export const MAX_REMOVAL_MARKERS = 20;

const MARKER = /^[ \t]*# Removed: (.+) at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)[ \t]*$/;
const MARKER_LINES = /^[ \t]*# Removed: .+ at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z[ \t]*\r?$/gm;

/** The subject and time of a removal marker (a comment text or a whole line), or undefined. */
export function parseRemovalMarker(text: string): { readonly subject: string; readonly at: string } | undefined {
  const m = MARKER.exec(text.startsWith('#') ? text : `# ${text}`);
  return m ? { subject: m[1] as string, at: m[2] as string } : undefined;
}

interface MarkerLine {
  readonly line: number;
  readonly subject: string;
  readonly at: string;
  /** Written by the edit that is being finished. */
  readonly fresh: boolean;
}

/**
 * `spliced` (the removal of a table from `ctx.text`, leaving `placeholder`) with the markers it
 * makes redundant deleted too. Spans are relative to `ctx.text`. Unchanged when `placeholder`
 * is not a removal marker or nothing is redundant.
 */
export function dropStaleMarkers(ctx: EditContext, spliced: SplicedText, placeholder: string, max = MAX_REMOVAL_MARKERS): SplicedText {
  const written = parseRemovalMarker(placeholder);
  if (!written) return spliced;
  // A cheap look before any parse: most files hold no other marker at all.
  const candidates = spliced.text.match(MARKER_LINES) ?? [];
  if (candidates.length <= 1) return spliced;
  const after = createContext(spliced.text, { dialect: ctx.dialect, eol: ctx.eol });
  const markers = markerLines(after, spliced);
  const stale = new Set<number>();
  for (const m of markers) if (!m.fresh && m.subject === written.subject) stale.add(m.line);
  // Oldest first; among equal times the one higher up in the file.
  const rest = markers.filter((m) => !stale.has(m.line)).sort((a, b) => Number(b.fresh) - Number(a.fresh) || (a.at < b.at ? 1 : a.at > b.at ? -1 : b.line - a.line));
  for (const m of rest.slice(max)) if (!m.fresh) stale.add(m.line);
  if (stale.size === 0) return spliced;
  const regions: LineRegion[] = [...stale].map((line) => ({ first: line, last: line }));
  const again = applyEdits(after.text, mergeRegions(after, regions).map((r) => deleteLines(after, r)));
  const spans = composeSpans(spliced.spans, again.spans, { old: ctx.text.length, mid: spliced.text.length, new: again.text.length });
  return { text: again.text, spans };
}

/** Whole comment lines in marker form, each marked fresh when the removal just wrote it. */
function markerLines(ctx: EditContext, spliced: SplicedText): MarkerLine[] {
  const { lines, kinds } = ctx;
  const out: MarkerLine[] = [];
  for (let line = 0; line < lines.count; line++) {
    if (kinds[line] !== 'comment') continue;
    const start = lines.start(line);
    const m = parseRemovalMarker(ctx.text.slice(start, lines.contentEnd(line)));
    if (!m) continue;
    const fresh = spliced.spans.some((s) => start >= s.newStart && start < s.newEnd);
    out.push({ line, ...m, fresh });
  }
  return out;
}
