/**
 * Live readings: the latest value per `<instrument_id>:<channel>` and a short trend ring per
 * channel for the sparkline. Each batch replaces only the entries of the channels it carries,
 * so a row subscribed to one channel re-renders only when that channel moves.
 */
import { create } from 'zustand';
import type { Reading } from '../../shared/model/runtime.js';

/** Points kept per channel for the sparkline (about a minute at the default rates). */
export const TREND_CAPACITY = 60;

export interface ReadingsState {
  readonly latest: Readonly<Record<string, Reading>>;
  readonly trends: Readonly<Record<string, readonly number[]>>;
}

interface ReadingsActions {
  readingsReceived(readings: readonly Reading[]): void;
  instrumentRemoved(id: string): void;
  /** Keeps only the channels of instruments that still exist (after a fresh snapshot). */
  snapshotLoaded(instrumentIds: readonly string[]): void;
}

export const initialReadingsState: ReadingsState = { latest: {}, trends: {} };

/** The key readings are stored under; the core namespaces channels the same way. */
export function readingKey(instrumentId: string, channel: string): string {
  return `${instrumentId}:${channel}`;
}

/** A copy of `ring` with `value` appended, dropping the oldest beyond `capacity`. */
export function appendToRing(ring: readonly number[] | undefined, value: number, capacity = TREND_CAPACITY): readonly number[] {
  const base = ring ?? [];
  const start = base.length + 1 > capacity ? base.length + 1 - capacity : 0;
  const next = base.slice(start);
  next.push(value);
  return next;
}

function instrumentOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

function keepWhere<T>(record: Readonly<Record<string, T>>, keep: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keep(k)));
}

/** The readings store; components read it through the hooks below. */
export const useReadingsStore = create<ReadingsState & ReadingsActions>()((set) => ({
  ...initialReadingsState,
  readingsReceived: (readings) => {
    if (readings.length === 0) return;
    set((s) => {
      const latest = { ...s.latest };
      const trends = { ...s.trends };
      for (const reading of readings) {
        const previous = latest[reading.channel];
        // Out-of-order readings update neither the value nor the trend.
        if (previous && previous.timestamp > reading.timestamp) continue;
        latest[reading.channel] = reading;
        trends[reading.channel] = appendToRing(trends[reading.channel], reading.value);
      }
      return { latest, trends };
    });
  },
  instrumentRemoved: (id) =>
    set((s) => ({
      latest: keepWhere(s.latest, (k) => instrumentOf(k) !== id),
      trends: keepWhere(s.trends, (k) => instrumentOf(k) !== id),
    })),
  snapshotLoaded: (instrumentIds) => {
    const known = new Set(instrumentIds);
    set((s) => ({
      latest: keepWhere(s.latest, (k) => known.has(instrumentOf(k))),
      trends: keepWhere(s.trends, (k) => known.has(instrumentOf(k))),
    }));
  },
}));

/** The latest reading of one channel, or undefined before the first. */
export function selectLatest(key: string): (s: ReadingsState) => Reading | undefined {
  return (s) => s.latest[key];
}

/** The trend ring of one channel (oldest first); the same array until a new point arrives. */
export function selectTrend(key: string): (s: ReadingsState) => readonly number[] | undefined {
  return (s) => s.trends[key];
}

/** The latest reading of one channel. */
export function useLatestReading(key: string): Reading | undefined {
  return useReadingsStore(selectLatest(key));
}

/** The trend ring of one channel. */
export function useTrend(key: string): readonly number[] | undefined {
  return useReadingsStore(selectTrend(key));
}
