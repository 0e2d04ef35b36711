/**
 * The instruments the core runs, as last reported: kept in the core's order, replaced whole on
 * each change event (views are small and immutable, so unchanged rows keep their reference).
 */
import { create } from 'zustand';
import type { InstrumentView } from '../../shared/model/runtime.js';

export interface InstrumentsState {
  /** Row order: the core's order, new instruments appended. */
  readonly ids: readonly string[];
  readonly byId: Readonly<Record<string, InstrumentView>>;
}

interface InstrumentsActions {
  snapshotLoaded(instruments: readonly InstrumentView[]): void;
  instrumentChanged(instrument: InstrumentView): void;
  instrumentRemoved(id: string): void;
}

export const initialInstrumentsState: InstrumentsState = { ids: [], byId: {} };

/** The instruments store; components read it through the hooks below. */
export const useInstrumentsStore = create<InstrumentsState & InstrumentsActions>()((set) => ({
  ...initialInstrumentsState,
  snapshotLoaded: (instruments) =>
    set({
      ids: instruments.map((i) => i.id),
      byId: Object.fromEntries(instruments.map((i) => [i.id, i])),
    }),
  instrumentChanged: (instrument) =>
    set((s) => ({
      ids: Object.hasOwn(s.byId, instrument.id) ? s.ids : [...s.ids, instrument.id],
      byId: { ...s.byId, [instrument.id]: instrument },
    })),
  instrumentRemoved: (id) =>
    set((s) => {
      if (!Object.hasOwn(s.byId, id)) return s;
      const { [id]: _gone, ...byId } = s.byId;
      return { ids: s.ids.filter((x) => x !== id), byId };
    }),
}));

/** Instrument ids in display order (a stable array until the set of instruments changes). */
export function selectInstrumentIds(s: InstrumentsState): readonly string[] {
  return s.ids;
}

/** One instrument's view, or undefined once it is gone. */
export function selectInstrument(id: string): (s: InstrumentsState) => InstrumentView | undefined {
  return (s) => s.byId[id];
}

/** Whether an instrument with this id exists. */
export function selectHasInstrument(id: string): (s: InstrumentsState) => boolean {
  return (s) => Object.hasOwn(s.byId, id);
}

/** Counts of instruments per status, as one string so the selector output stays a primitive. */
export function selectStatusSummary(s: InstrumentsState): string {
  let running = 0;
  let failed = 0;
  for (const id of s.ids) {
    const status = s.byId[id]?.status;
    if (status === 'running') running += 1;
    else if (status === 'error') failed += 1;
  }
  return `${s.ids.length} instruments · ${running} running · ${failed} in error`;
}

/** Ids of all instruments in display order. */
export function useInstrumentIds(): readonly string[] {
  return useInstrumentsStore(selectInstrumentIds);
}

/** One instrument's view. */
export function useInstrument(id: string): InstrumentView | undefined {
  return useInstrumentsStore(selectInstrument(id));
}

/** The status-bar summary of instruments. */
export function useInstrumentSummary(): string {
  return useInstrumentsStore(selectStatusSummary);
}
