/**
 * The live trend dialog of one instrument: which instrument, the time window, the channels
 * hidden, and a revision that moves when new readings of that instrument arrive (the points
 * themselves live in `reading-history.ts`).
 */
import { create } from 'zustand';

/** The windows offered, in ms. */
export const TREND_WINDOWS = [
  { ms: 30_000, label: '30 s' },
  { ms: 120_000, label: '2 min' },
  { ms: 600_000, label: '10 min' },
] as const;

export interface TrendState {
  readonly instrumentId: string | null;
  readonly windowMs: number;
  readonly hidden: readonly string[];
  readonly revision: number;
}

interface TrendActions {
  trendOpened(instrumentId: string): void;
  trendClosed(): void;
  windowChosen(ms: number): void;
  channelToggled(channel: string): void;
  readingsArrived(instrumentIds: readonly string[]): void;
}

export const initialTrendState: TrendState = { instrumentId: null, windowMs: 120_000, hidden: [], revision: 0 };

export const useTrendStore = create<TrendState & TrendActions>()((set) => ({
  ...initialTrendState,
  // The window chosen last is kept: people compare instruments over the same span.
  trendOpened: (instrumentId) => set({ instrumentId, hidden: [] }),
  trendClosed: () => set({ instrumentId: null }),
  windowChosen: (windowMs) => set({ windowMs }),
  channelToggled: (channel) => set((s) => ({ hidden: s.hidden.includes(channel) ? s.hidden.filter((c) => c !== channel) : [...s.hidden, channel] })),
  readingsArrived: (instrumentIds) => set((s) => (s.instrumentId !== null && instrumentIds.includes(s.instrumentId) ? { revision: s.revision + 1 } : s)),
}));
