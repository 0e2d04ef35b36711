/**
 * The outcome of the core's last look at the config file (a hand edit picked up, "Reload from
 * file", or the comparison at start-up). A failed or missing file is a problem shown until a
 * later look applies the file or finds it as the app knows it; a successful reload is a short
 * notice the operator can dismiss.
 */
import { create } from 'zustand';
import type { ReloadStatus } from '../../shared/model/runtime.js';

export interface HotReloadState {
  /** Null until the core has looked at the file once since it started. */
  readonly status: ReloadStatus | null;
  /** The operator closed the notice of the current status. */
  readonly noticeHidden: boolean;
}

interface HotReloadActions {
  snapshotLoaded(status: ReloadStatus | null): void;
  reloadStatusChanged(status: ReloadStatus): void;
  noticeDismissed(): void;
}

export const initialHotReloadState: HotReloadState = { status: null, noticeHidden: false };

/** The hot-reload store; components read it through the hooks below. */
export const useHotReloadStore = create<HotReloadState & HotReloadActions>()((set) => ({
  ...initialHotReloadState,
  // A snapshot after a reconnect repeats the status already seen: keep it dismissed.
  snapshotLoaded: (status) => set((s) => ({ status, noticeHidden: s.noticeHidden && s.status?.time === status?.time })),
  reloadStatusChanged: (status) => set({ status, noticeHidden: false }),
  noticeDismissed: () => set({ noticeHidden: true }),
}));

/** The current status when the file could not be applied (failed or missing), else null. */
export function selectReloadProblem(s: HotReloadState): ReloadStatus | null {
  const outcome = s.status?.outcome;
  return outcome === 'failed' || outcome === 'missing' ? s.status : null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The one-line notice of a look at the file that went well, or null. A start-up summary
 * already says "edited while the app was closed: …", so it is shown as it is.
 */
export function reloadNoticeText(status: ReloadStatus | null): string | null {
  if (!status) return null;
  if (status.outcome === 'applied') {
    return status.source === 'startup' ? capitalize(status.summary) : `Reloaded from file: ${status.summary}`;
  }
  // The core reports "unchanged" only after a save, a request or a recovered file: confirm it.
  if (status.outcome === 'unchanged') return `Config file read again: ${status.summary}`;
  return null;
}

/** The notice to show (null when there is none or it was dismissed); a string, so stable. */
export function selectReloadNotice(s: HotReloadState): string | null {
  return s.noticeHidden ? null : reloadNoticeText(s.status);
}

/** The failed or missing file status, or null. */
export function useReloadProblem(): ReloadStatus | null {
  return useHotReloadStore(selectReloadProblem);
}

/** The reload notice, or null. */
export function useReloadNotice(): string | null {
  return useHotReloadStore(selectReloadNotice);
}
