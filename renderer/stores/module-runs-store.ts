/**
 * Runs of modules as they happen: the latest run of each module (progress, outcome) and the
 * points it recorded, for progress bars and plots. Fed by the subscription router
 * (`modules:run-changed`, `modules:run-points`) and by `GetModuleResults` when a plot opens.
 */
import { create } from 'zustand';
import type { RunColumn, RunPoint, RunSummary } from '../../shared/model/runs.js';

/** Points kept per module: a monitor's window is bounded by the core at 5,000 too. */
export const RUN_POINTS_KEPT = 5000;

export interface ModuleRun {
  readonly run: RunSummary;
  readonly points: readonly RunPoint[];
  /** Known once results were asked for (`GetModuleResults`); the events carry values only. */
  readonly columns: readonly RunColumn[] | null;
}

export interface ModuleRunsState {
  readonly byModule: Readonly<Record<string, ModuleRun>>;
}

interface ModuleRunsActions {
  runChanged(run: RunSummary): void;
  pointsRecorded(moduleId: string, runId: string, points: readonly RunPoint[]): void;
  resultsLoaded(run: RunSummary, columns: readonly RunColumn[], points: readonly RunPoint[]): void;
}

export const initialModuleRunsState: ModuleRunsState = { byModule: {} };

export const useModuleRunsStore = create<ModuleRunsState & ModuleRunsActions>()((set) => ({
  ...initialModuleRunsState,
  runChanged: (run) =>
    set((s) => {
      const known = s.byModule[run.moduleId];
      // A new run starts with no points; the same run keeps those it has.
      const same = known?.run.runId === run.runId;
      return { byModule: { ...s.byModule, [run.moduleId]: { run, points: same ? known.points : [], columns: same ? known.columns : null } } };
    }),
  pointsRecorded: (moduleId, runId, points) =>
    set((s) => {
      const known = s.byModule[moduleId];
      if (!known || known.run.runId !== runId || points.length === 0) return s;
      return { byModule: { ...s.byModule, [moduleId]: { ...known, points: [...known.points, ...points].slice(-RUN_POINTS_KEPT) } } };
    }),
  resultsLoaded: (run, columns, points) =>
    set((s) => ({ byModule: { ...s.byModule, [run.moduleId]: { run, columns, points: points.slice(-RUN_POINTS_KEPT) } } })),
}));

/** The latest run of a module, or undefined before it ever ran. */
export function selectModuleRun(moduleId: string): (s: ModuleRunsState) => ModuleRun | undefined {
  return (s) => s.byModule[moduleId];
}
