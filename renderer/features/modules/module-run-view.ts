/**
 * Pure helpers that turn a module's latest run into what its card shows: progress ("point k of
 * n" for a scan, points so far for a monitor), how it ended and why, and its recording's name.
 */
import type { RunSummary } from '../../../shared/model/runs.js';

export interface RunProgressView {
  readonly done: number;
  /** Absent for a monitor, which runs until stopped. */
  readonly total: number | undefined;
  readonly text: string;
}

export interface RunCardView {
  readonly runId: string;
  readonly running: boolean;
  readonly progress: RunProgressView;
  /** How it ended (`completed`, `stopped`, `failed`), or null while it runs. */
  readonly outcome: RunSummary['state'] | null;
  /** "stopped: role "rotator" lost instrument "hwp_rotator"", or the outcome alone. */
  readonly outcomeText: string | null;
  /** The recording's file name (without the folders it may sit in), or null before it is open. */
  readonly fileName: string | null;
}

/**
 * The newer of two reports of a module's latest run: the run events and the module view both
 * carry it, and either can be ahead of the other for a moment.
 */
export function latestRun(fromEvents: RunSummary | undefined, fromModule: RunSummary | undefined): RunSummary | undefined {
  if (!fromEvents) return fromModule;
  if (!fromModule) return fromEvents;
  if (fromEvents.runId !== fromModule.runId) return fromEvents.startedAt >= fromModule.startedAt ? fromEvents : fromModule;
  // The same run: an ended report is final; otherwise the one with more points is newer.
  if (fromEvents.state !== 'running') return fromEvents;
  if (fromModule.state !== 'running') return fromModule;
  return fromModule.done > fromEvents.done ? fromModule : fromEvents;
}

/** The progress line of a run. */
export function runProgress(run: RunSummary): RunProgressView {
  if (run.total === undefined) return { done: run.done, total: undefined, text: `${run.done} ${run.done === 1 ? 'point' : 'points'} recorded` };
  return { done: run.done, total: run.total, text: `point ${run.done} of ${run.total}` };
}

/** The last part of a path written with either separator. */
export function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** What a module card shows of its latest run, or null before the module ever ran. */
export function runCardView(run: RunSummary | undefined): RunCardView | null {
  if (!run) return null;
  const running = run.state === 'running';
  const outcome = running ? null : run.state;
  return {
    runId: run.runId,
    running,
    progress: runProgress(run),
    outcome,
    outcomeText: outcome === null ? null : run.reason ? `${outcome}: ${run.reason}` : outcome,
    fileName: run.file ? fileNameOf(run.file) : null,
  };
}
