/**
 * Whether the config file holds every change made in the app: the core's persistence status
 * (changes kept in memory only, and why the last write failed). It is the one source of truth
 * for the "not saved to file" indicator; command responses only echo it.
 */
import { create } from 'zustand';
import type { PersistenceStatus } from '../../shared/model/runtime.js';

export interface PersistenceState {
  readonly status: PersistenceStatus;
}

interface PersistenceActions {
  snapshotLoaded(status: PersistenceStatus): void;
  persistenceStatusChanged(status: PersistenceStatus): void;
}

export const initialPersistenceState: PersistenceState = { status: { pending: 0 } };

/** The persistence store; components read it through the hooks below. */
export const usePersistenceStore = create<PersistenceState & PersistenceActions>()((set) => ({
  ...initialPersistenceState,
  snapshotLoaded: (status) => set({ status }),
  persistenceStatusChanged: (status) => set({ status }),
}));

/** Number of changes applied in the app but not yet in the file. */
export function selectPendingChanges(s: PersistenceState): number {
  return s.status.pending;
}

/** "N change(s) not saved to file: <reason>", or null while the file is up to date. */
export function selectNotSavedText(s: PersistenceState): string | null {
  const { pending, lastError } = s.status;
  if (pending === 0) return null;
  const what = pending === 1 ? '1 change' : `${pending} changes`;
  return lastError ? `${what} not saved to file: ${lastError.message}` : `${what} not saved to file`;
}

/** The "not saved to file" text, or null. */
export function useNotSavedText(): string | null {
  return usePersistenceStore(selectNotSavedText);
}

/** Number of pending changes. */
export function usePendingChanges(): number {
  return usePersistenceStore(selectPendingChanges);
}
