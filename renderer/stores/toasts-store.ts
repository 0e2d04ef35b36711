/**
 * Error toasts: one per failed operation, carrying the error code and message, until the
 * operator dismisses it. Only the newest {@link TOAST_LIMIT} are kept so a burst of failures
 * cannot bury the screen; every failure is in the log as well.
 */
import { create } from 'zustand';
import type { AppErrorData, ErrorCode } from '../../shared/errors.js';

export const TOAST_LIMIT = 5;

export interface Toast {
  readonly id: number;
  /** What was being done, e.g. "Start power_watch". */
  readonly action: string;
  readonly code: ErrorCode;
  readonly message: string;
}

export interface ToastsState {
  readonly toasts: readonly Toast[];
  readonly nextId: number;
}

interface ToastsActions {
  errorReported(action: string, error: AppErrorData): void;
  toastDismissed(id: number): void;
}

export const initialToastsState: ToastsState = { toasts: [], nextId: 1 };

/** The toasts store; components read it through the hooks below. */
export const useToastsStore = create<ToastsState & ToastsActions>()((set) => ({
  ...initialToastsState,
  errorReported: (action, error) =>
    set((s) => ({
      toasts: [...s.toasts, { id: s.nextId, action, code: error.code, message: error.message }].slice(-TOAST_LIMIT),
      nextId: s.nextId + 1,
    })),
  toastDismissed: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Toasts in the order they were raised. */
export function selectToasts(s: ToastsState): readonly Toast[] {
  return s.toasts;
}

/** The toasts to show. */
export function useToasts(): readonly Toast[] {
  return useToastsStore(selectToasts);
}

/** The dismiss action (stable). */
export function useDismissToast(): (id: number) => void {
  return useToastsStore((s) => s.toastDismissed);
}
