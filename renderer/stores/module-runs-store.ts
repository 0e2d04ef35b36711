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
      // Results asked for when the run began may already hold these points (events leave in
      // batches, answers at once): append what is newer, merge by point number otherwise.
      const last = known.points[known.points.length - 1]?.index ?? -1;
      const next = points.every((p) => p.index > last) ? [...known.points, ...points] : mergePoints(known.points, points);
      return { byModule: { ...s.byModule, [moduleId]: { ...known, points: next.slice(-RUN_POINTS_KEPT) } } };
    }),
  resultsLoaded: (run, columns, points) =>
    set((s) => {
      const known = s.byModule[run.moduleId];
      // Points of the same run may have arrived as events while the results were on their way:
      // keep both, once each (by point number), in order.
      const merged = known?.run.runId === run.runId ? mergePoints(points, known.points) : points;
      const newerRun = known?.run.runId === run.runId && known.run.state !== 'running' ? known.run : run;
      return { byModule: { ...s.byModule, [run.moduleId]: { run: newerRun, columns, points: merged.slice(-RUN_POINTS_KEPT) } } };
    }),
}));

/** Two lists of one run's points as one, each point number once, ordered by it. */
export function mergePoints(a: readonly RunPoint[], b: readonly RunPoint[]): readonly RunPoint[] {
  const byIndex = new Map<number, RunPoint>();
  for (const p of a) byIndex.set(p.index, p);
  for (const p of b) byIndex.set(p.index, p);
  return [...byIndex.values()].sort((x, y) => x.index - y.index);
}

/** The latest run of a module, or undefined before it ever ran. */
export function selectModuleRun(moduleId: string): (s: ModuleRunsState) => ModuleRun | undefined {
  return (s) => s.byModule[moduleId];
}

/** The latest run of a module as the run events left it. */
export function useModuleRun(moduleId: string): ModuleRun | undefined {
  return useModuleRunsStore(selectModuleRun(moduleId));
}
