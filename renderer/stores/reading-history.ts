/**
 * Timed readings per channel for the larger trend plot: the last ten minutes (the longest
 * window offered), at most {@link HISTORY_POINTS_KEPT} points each. Kept outside React state and
 * appended in place, because copying thousands of points on every batch (ten a second) to keep
 * them immutable would cost far more than the plot; the trend store's revision tells the open
 * plot when to read again.
 */
import type { Reading } from '../../shared/model/runtime.js';

export const HISTORY_SPAN_MS = 10 * 60_000;
/** Ten minutes at the core's ten batches a second. */
export const HISTORY_POINTS_KEPT = 6000;

export interface ChannelHistory {
  readonly times: number[];
  readonly values: number[];
}

export interface ReadingHistory {
  add(readings: readonly Reading[]): void;
  forget(instrumentId: string): void;
  /** When the channel's newest point was read (ms), or undefined before its first. */
  newest(key: string): number | undefined;
  /** The channel's points at or after `since` (ms), oldest first. */
  since(key: string, since: number): { readonly times: readonly number[]; readonly values: readonly number[] };
}

export function createReadingHistory(spanMs = HISTORY_SPAN_MS, kept = HISTORY_POINTS_KEPT): ReadingHistory {
  const channels = new Map<string, ChannelHistory>();
  return {
    add(readings) {
      for (const r of readings) {
        let h = channels.get(r.channel);
        if (!h) channels.set(r.channel, (h = { times: [], values: [] }));
        // An out-of-order reading would fold the line back on itself: the plot skips it.
        const last = h.times[h.times.length - 1];
        if (last !== undefined && r.timestamp <= last) continue;
        h.times.push(r.timestamp);
        h.values.push(r.value);
        // Trim in chunks, not point by point: splice moves the whole array each time.
        const tooOld = h.times.findIndex((t) => t >= r.timestamp - spanMs);
        const drop = Math.max(h.times.length - kept, tooOld < 0 ? 0 : tooOld);
        if (drop > 0 && (drop >= 100 || h.times.length > kept)) {
          h.times.splice(0, drop);
          h.values.splice(0, drop);
        }
      }
    },
    forget(instrumentId) {
      for (const key of [...channels.keys()]) if (key.startsWith(`${instrumentId}:`)) channels.delete(key);
    },
    newest(key) {
      const times = channels.get(key)?.times;
      return times?.[times.length - 1];
    },
    since(key, since) {
      const h = channels.get(key);
      if (!h) return { times: [], values: [] };
      let start = 0;
      while (start < h.times.length && (h.times[start] as number) < since) start += 1;
      return { times: h.times.slice(start), values: h.values.slice(start) };
    },
  };
}

/** The window's history: one for the whole renderer, fed by the subscription router. */
export const readingHistory = createReadingHistory();
