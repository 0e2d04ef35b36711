/**
 * Going back to a version: the confirmation dialog (which version, what restoring it would
 * change, the core's refusal) and, once restored, the notice with its "Undo". "Undo last
 * change" opens the same dialog and first looks for the version to go back to.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import type { SemanticSummary, VersionInfo } from '../../shared/model/versions.js';

/** Restore a version picked in the Versions view, or undo the latest change (the newest version). */
export type RestorePurpose = 'restore' | 'undo-last';

/** What restoring would do: the current file compared with the version. */
export interface RestorePreview {
  readonly unified: string;
  readonly summary: SemanticSummary;
}

/** Said after a restore (and after its undo), until dismissed. */
export interface RestoreNotice {
  readonly purpose: RestorePurpose;
  readonly version: VersionInfo;
  /** The core's one line on what the restore changed. */
  readonly summary: string;
  /** The version kept just before the restore: going back to it undoes the restore. */
  readonly previous: string | null;
  /** Set once the Undo went through, with the core's line on what it changed back. */
  readonly undoneSummary: string | null;
}

export interface RestoreState {
  /** Null while the dialog is closed. */
  readonly purpose: RestorePurpose | null;
  /** The version to go back to; null while "Undo last change" is still looking for it. */
  readonly version: VersionInfo | null;
  readonly preview: RestorePreview | null;
  /** Why the preview (or the version to undo to) could not be had. */
  readonly loadError: AppErrorData | null;
  /** "Undo last change" found no version that differs from the file now. */
  readonly nothingToUndo: boolean;
  /** The core's refusal of the restore (an invalid version, an unapplied hand edit). */
  readonly error: AppErrorData | null;
  readonly notice: RestoreNotice | null;
  /** The core's refusal of the notice's Undo. */
  readonly undoError: AppErrorData | null;
}

interface RestoreActions {
  restoreRequested(purpose: RestorePurpose, version: VersionInfo | null): void;
  previewLoaded(version: VersionInfo, preview: RestorePreview): void;
  previewFailed(error: AppErrorData): void;
  nothingFoundToUndo(): void;
  restoreRefused(error: AppErrorData): void;
  restored(notice: RestoreNotice): void;
  dialogClosed(): void;
  undone(summary: string): void;
  undoRefused(error: AppErrorData): void;
  noticeDismissed(): void;
}

export const initialRestoreState: RestoreState = {
  purpose: null,
  version: null,
  preview: null,
  loadError: null,
  nothingToUndo: false,
  error: null,
  notice: null,
  undoError: null,
};

const closedDialog = {
  purpose: null,
  version: null,
  preview: null,
  loadError: null,
  nothingToUndo: false,
  error: null,
} as const satisfies Partial<RestoreState>;

export const useRestoreStore = create<RestoreState & RestoreActions>()((set) => ({
  ...initialRestoreState,
  restoreRequested: (purpose, version) => set({ ...closedDialog, purpose, version }),
  // An answer for a dialog closed (or pointed elsewhere) meanwhile is dropped.
  previewLoaded: (version, preview) =>
    set((s) => (s.purpose === null || (s.version !== null && s.version.versionId !== version.versionId) ? s : { version, preview, loadError: null })),
  previewFailed: (loadError) => set((s) => (s.purpose === null ? s : { loadError })),
  nothingFoundToUndo: () => set((s) => (s.purpose === null ? s : { nothingToUndo: true })),
  restoreRefused: (error) => set((s) => (s.purpose === null ? s : { error })),
  restored: (notice) => set({ ...closedDialog, notice, undoError: null }),
  dialogClosed: () => set(closedDialog),
  undone: (summary) => set((s) => (s.notice ? { notice: { ...s.notice, undoneSummary: summary }, undoError: null } : s)),
  undoRefused: (undoError) => set({ undoError }),
  noticeDismissed: () => set({ notice: null, undoError: null }),
}));

/** Whether a diff has any changed line (a version can hold exactly the file's bytes). */
export function hasLineChanges(unified: string): boolean {
  return /^@@ /m.test(unified);
}

/** Whether the dialog can restore now: the preview is in and shows a change. */
export function selectCanRestore(s: RestoreState): boolean {
  return s.version !== null && s.preview !== null && hasLineChanges(s.preview.unified);
}

/** Whether the notice offers Undo: until it went through, and only if the core kept a version to go back to. */
export function canUndoRestore(notice: RestoreNotice | null): boolean {
  return notice !== null && notice.undoneSummary === null && notice.previous !== null;
}
