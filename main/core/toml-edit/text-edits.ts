/**
 * Splicing edits into a text and tracking which spans changed, so a later check can prove that
 * everything outside them is untouched.
 */

/** Replace `text.slice(start, end)` of the old text with `insert` (UTF-16 offsets). */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

/** A changed span: `old.slice(oldStart, oldEnd)` became `new.slice(newStart, newEnd)`. */
export interface EditSpan {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** The outcome of applying edits. */
export interface SplicedText {
  readonly text: string;
  /** Sorted, non-overlapping; everything between them is byte-identical to the old text. */
  readonly spans: EditSpan[];
}

/**
 * Applies edits given against the same old text. Edits may touch (an insert at the end of a
 * replaced range) but not overlap; several inserts at one offset keep their given order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): SplicedText {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - a.e.start - (b.e.end - b.e.start) || a.i - b.i)
    .map((x) => x.e);
  const parts: string[] = [];
  const spans: EditSpan[] = [];
  let pos = 0;
  let shift = 0;
  for (const edit of sorted) {
    if (edit.start < pos || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`overlapping or out-of-range edit at ${edit.start}..${edit.end}`);
    }
    parts.push(text.slice(pos, edit.start), edit.insert);
    const last = spans[spans.length - 1];
    const newStart = edit.start + shift;
    const newEnd = newStart + edit.insert.length;
    if (last && last.oldEnd === edit.start) {
      spans[spans.length - 1] = { oldStart: last.oldStart, oldEnd: edit.end, newStart: last.newStart, newEnd };
    } else if (edit.end > edit.start || edit.insert.length > 0) {
      spans.push({ oldStart: edit.start, oldEnd: edit.end, newStart, newEnd });
    }
    shift += edit.insert.length - (edit.end - edit.start);
    pos = edit.end;
  }
  parts.push(text.slice(pos));
  return { text: parts.join(''), spans };
}

/** An untouched stretch: `length` units equal at `oldAt` in the old text and `newAt` in the new. */
interface Kept {
  oldAt: number;
  newAt: number;
  length: number;
}

function keptSegments(spans: readonly EditSpan[], oldLength: number): Kept[] {
  const kept: Kept[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const s of spans) {
    if (s.oldStart > oldAt) kept.push({ oldAt, newAt, length: s.oldStart - oldAt });
    oldAt = s.oldEnd;
    newAt = s.newEnd;
  }
  if (oldLength > oldAt) kept.push({ oldAt, newAt, length: oldLength - oldAt });
  return kept;
}

/**
 * Spans of two edits in a row (old -> mid -> new) as spans from old to new: a unit is untouched
 * only if neither edit touched it.
 */
export function composeSpans(
  first: readonly EditSpan[],
  second: readonly EditSpan[],
  lengths: { old: number; mid: number; new: number },
): EditSpan[] {
  const a = keptSegments(first, lengths.old);
  const b = keptSegments(second, lengths.mid);
  const kept: Kept[] = [];
  let j = 0;
  for (const x of a) {
    const xEnd = x.newAt + x.length;
    while (j < b.length && (b[j] as Kept).oldAt + (b[j] as Kept).length <= x.newAt) j++;
    for (let k = j; k < b.length && (b[k] as Kept).oldAt < xEnd; k++) {
      const y = b[k] as Kept;
      const from = Math.max(x.newAt, y.oldAt);
      const to = Math.min(xEnd, y.oldAt + y.length);
      if (to > from) pushKept(kept, { oldAt: x.oldAt + (from - x.newAt), newAt: y.newAt + (from - y.oldAt), length: to - from });
    }
  }
  return gapsBetween(kept, lengths.old, lengths.new);
}

function pushKept(kept: Kept[], seg: Kept): void {
  const last = kept[kept.length - 1];
  if (last && last.oldAt + last.length === seg.oldAt && last.newAt + last.length === seg.newAt) last.length += seg.length;
  else kept.push(seg);
}

function gapsBetween(kept: readonly Kept[], oldLength: number, newLength: number): EditSpan[] {
  const spans: EditSpan[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const k of [...kept, { oldAt: oldLength, newAt: newLength, length: 0 }]) {
    if (k.oldAt > oldAt || k.newAt > newAt) spans.push({ oldStart: oldAt, oldEnd: k.oldAt, newStart: newAt, newEnd: k.newAt });
    oldAt = k.oldAt + k.length;
    newAt = k.newAt + k.length;
  }
  return spans;
}
