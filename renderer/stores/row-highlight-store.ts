/**
 * The instrument row just added: scrolled into view and highlighted briefly (the highlight is a
 * CSS animation that fades by itself, so nothing has to clear it on a timer). `count` makes a
 * second add of the same id, after a removal, highlight again.
 */
import { create } from 'zustand';

export interface RowHighlightState {
  readonly id: string | null;
  readonly count: number;
}

interface RowHighlightActions {
  rowAdded(id: string): void;
}

export const initialRowHighlightState: RowHighlightState = { id: null, count: 0 };

export const useRowHighlightStore = create<RowHighlightState & RowHighlightActions>()((set) => ({
  ...initialRowHighlightState,
  rowAdded: (id) => set((s) => ({ id, count: s.count + 1 })),
}));

/** The highlight token of one row (changes each time it is to be shown), or null. */
export function selectRowHighlight(id: string): (s: RowHighlightState) => number | null {
  return (s) => (s.id === id ? s.count : null);
}
