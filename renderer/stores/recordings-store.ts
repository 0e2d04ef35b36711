/**
 * The recordings in the storage folder (`ListRuns`): the folder and its runs, newest first.
 * Runs start and end without a "file written" event, so the list is asked for again whenever a
 * run starts or ends (`recordingsChanged`, counted) and the container lists while the count is
 * ahead of the last request, the same way the versions list follows config changes.
 */
import { create } from 'zustand';
import type { RunFile } from '../../shared/model/runs.js';

export interface RecordingsState {
  readonly folder: string | null;
  readonly runs: readonly RunFile[] | null;
  /** Why the last listing failed, shown in the section. */
  readonly error: string | null;
  readonly changeCount: number;
  readonly requestedFor: number | null;
}

interface RecordingsActions {
  recordingsChanged(): void;
  listRequested(): void;
  listLoaded(folder: string, runs: readonly RunFile[]): void;
  listFailed(message: string): void;
}

export const initialRecordingsState: RecordingsState = { folder: null, runs: null, error: null, changeCount: 0, requestedFor: null };

export const useRecordingsStore = create<RecordingsState & RecordingsActions>()((set) => ({
  ...initialRecordingsState,
  recordingsChanged: () => set((s) => ({ changeCount: s.changeCount + 1 })),
  listRequested: () => set((s) => ({ requestedFor: s.changeCount })),
  listLoaded: (folder, runs) => set({ folder, runs, error: null }),
  listFailed: (message) => set({ error: message }),
}));

/** Whether the list should be asked for now: never asked, or a run started or ended since. */
export function needsRecordingList(s: RecordingsState): boolean {
  return s.requestedFor !== s.changeCount;
}

/** One recording as its row shows it. */
export interface RecordingRow {
  readonly file: string;
  readonly moduleId: string;
  readonly startedAt: string;
  readonly rows: number;
  readonly outcome: string;
}

/** "2026-12-06 11:49:00" in local time: the list is read by people at the bench. */
export function formatStartTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The rows of the list; an outcome carries its reason ("stopped: role … lost …"). */
export function recordingRows(runs: readonly RunFile[]): readonly RecordingRow[] {
  return runs.map((r) => ({
    file: r.file,
    moduleId: r.moduleId,
    startedAt: formatStartTime(r.startedAt),
    rows: r.rows,
    outcome: r.reason ? `${r.outcome}: ${r.reason}` : r.outcome,
  }));
}
