/**
 * The "Remove instrument" confirmation: which instrument it names, and the core's refusal of a
 * first attempt (IN_USE when modules depend on it), shown inside the dialog.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';

export interface RemoveDialogState {
  readonly targetId: string | null;
  readonly error: AppErrorData | null;
}

interface RemoveDialogActions {
  removeRequested(id: string): void;
  dialogClosed(): void;
  removeRefused(error: AppErrorData): void;
}

export const initialRemoveDialogState: RemoveDialogState = { targetId: null, error: null };

/** The remove-dialog store. */
export const useRemoveDialogStore = create<RemoveDialogState & RemoveDialogActions>()((set) => ({
  ...initialRemoveDialogState,
  removeRequested: (id) => set({ targetId: id, error: null }),
  dialogClosed: () => set(initialRemoveDialogState),
  removeRefused: (error) => set({ error }),
}));

/** The instrument the dialog asks about, or null when closed. */
export function selectRemoveTarget(s: RemoveDialogState): string | null {
  return s.targetId;
}

/** The refusal to show in the dialog, or null. */
export function selectRemoveError(s: RemoveDialogState): AppErrorData | null {
  return s.error;
}
