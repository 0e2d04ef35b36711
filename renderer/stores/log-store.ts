/**
 * The event log: the core's log lines (changes not saved to file among them) plus the
 * renderer's own (failed operations), in arrival order, capped at {@link LOG_CAPACITY}, with a
 * level filter.
 */
import { create } from 'zustand';
import type { LogEntry } from '../../shared/model/runtime.js';
import { memoizeLast } from './memoize-last.js';

export const LOG_CAPACITY = 1000;

export type LogLevel = LogEntry['level'];
/** The filter shows entries at this level or more severe; `all` shows everything. */
export type LogFilter = LogLevel | 'all';

/** A log line with a key that stays the same for as long as the line is kept. */
export interface KeyedLogEntry extends LogEntry {
  readonly key: number;
}

export interface LogState {
  readonly entries: readonly KeyedLogEntry[];
  readonly filter: LogFilter;
  readonly nextKey: number;
  /** Error lines up to this key have been acknowledged ("Mark as seen"): only newer ones count. */
  readonly seenKey: number;
}

interface LogActions {
  snapshotLoaded(entries: readonly LogEntry[]): void;
  entriesAdded(entries: readonly LogEntry[]): void;
  levelFilterChanged(filter: LogFilter): void;
  /** The operator has seen the errors so far: the status bar's count starts again from zero. */
  errorsSeen(): void;
}

export const initialLogState: LogState = { entries: [], filter: 'all', nextKey: 1, seenKey: 0 };

const severity: Readonly<Record<LogLevel, number>> = { error: 3, warn: 2, info: 1, debug: 0 };

/** The log levels offered by the filter, most severe first. */
export const logFilters: readonly LogFilter[] = ['all', 'error', 'warn', 'info', 'debug'];

function keyed(entries: readonly LogEntry[], firstKey: number): KeyedLogEntry[] {
  return entries.map((e, i) => ({ ...e, key: firstKey + i }));
}

/** The log store; components read it through the hooks below. */
export const useLogStore = create<LogState & LogActions>()((set) => ({
  ...initialLogState,
  snapshotLoaded: (entries) =>
    set((s) => {
      const kept = entries.slice(-LOG_CAPACITY);
      return { entries: keyed(kept, s.nextKey), nextKey: s.nextKey + kept.length };
    }),
  entriesAdded: (entries) => {
    if (entries.length === 0) return;
    set((s) => {
      const merged = [...s.entries, ...keyed(entries, s.nextKey)];
      return { entries: merged.slice(-LOG_CAPACITY), nextKey: s.nextKey + entries.length };
    });
  },
  levelFilterChanged: (filter) => set({ filter }),
  errorsSeen: () => set((s) => ({ seenKey: s.nextKey - 1 })),
}));

/** Entries that pass `filter`, oldest first. */
export function filterEntries(entries: readonly KeyedLogEntry[], filter: LogFilter): readonly KeyedLogEntry[] {
  if (filter === 'all') return entries;
  const min = severity[filter];
  return entries.filter((e) => severity[e.level] >= min);
}

const visibleEntries = memoizeLast(filterEntries);

/** Entries shown under the current filter; the same array until entries or filter change. */
export function selectVisibleEntries(s: LogState): readonly KeyedLogEntry[] {
  return visibleEntries(s.entries, s.filter);
}

/** The current level filter. */
export function selectLogFilter(s: LogState): LogFilter {
  return s.filter;
}

/** Number of error lines kept that came after the last "Mark as seen" (for the status bar). */
export function selectErrorCount(s: LogState): number {
  let n = 0;
  for (const e of s.entries) if (e.level === 'error' && e.key > s.seenKey) n += 1;
  return n;
}

/** Visible log entries. */
export function useVisibleLogEntries(): readonly KeyedLogEntry[] {
  return useLogStore(selectVisibleEntries);
}

/** The level filter. */
export function useLogFilter(): LogFilter {
  return useLogStore(selectLogFilter);
}

/** The error count. */
export function useLogErrorCount(): number {
  return useLogStore(selectErrorCount);
}
