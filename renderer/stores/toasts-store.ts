/**
 * Toasts: a short notice for each change that worked ("Added instrument probe_2") and one per
 * failed operation with its error code and message. They close by themselves — errors after
 * {@link TOAST_DURATION_MS}.error, notices sooner — except while the pointer or the keyboard
 * focus is on one, so a technician reading it does not lose it. At most {@link TOAST_LIMIT}
 * show at once (the newest); every failure is in the log as well, so nothing is lost with them.
 */
import { create } from 'zustand';
import type { AppErrorData, ErrorCode } from '../../shared/errors.js';

export const TOAST_LIMIT = 3;

export const TOAST_DURATION_MS = { error: 8000, success: 4000 } as const;

export type ToastKind = keyof typeof TOAST_DURATION_MS;

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  /** What was being done, e.g. "Start power_watch" (errors), or the notice itself (successes). */
  readonly action: string;
  readonly code?: ErrorCode;
  readonly message?: string;
  /** When it closes by itself (ms since the epoch); null while it is being read. */
  readonly closesAt: number | null;
}

export interface ToastsState {
  readonly toasts: readonly Toast[];
  readonly nextId: number;
}

interface ToastsActions {
  errorReported(action: string, error: AppErrorData, now?: number): void;
  /** A change that worked, in words: "Set Amplitude of signal to 2.5". */
  successReported(notice: string, now?: number): void;
  toastDismissed(id: number): void;
  /** The pointer or focus came onto a toast (`reading`) or left it (its time starts again). */
  toastReading(id: number, reading: boolean, now?: number): void;
  /** Closes the toasts whose time is up. */
  toastsExpired(now?: number): void;
}

export const initialToastsState: ToastsState = { toasts: [], nextId: 1 };

function added(s: ToastsState, toast: Omit<Toast, 'id'>): Partial<ToastsState> {
  return { toasts: [...s.toasts, { ...toast, id: s.nextId }].slice(-TOAST_LIMIT), nextId: s.nextId + 1 };
}

/** The toasts store; components read it through the hooks below. */
export const useToastsStore = create<ToastsState & ToastsActions>()((set) => ({
  ...initialToastsState,
  errorReported: (action, error, now = Date.now()) =>
    set((s) => added(s, { kind: 'error', action, code: error.code, message: error.message, closesAt: now + TOAST_DURATION_MS.error })),
  successReported: (notice, now = Date.now()) => set((s) => added(s, { kind: 'success', action: notice, closesAt: now + TOAST_DURATION_MS.success })),
  toastDismissed: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  toastReading: (id, reading, now = Date.now()) =>
    set((s) => ({
      toasts: s.toasts.map((t) => (t.id !== id ? t : { ...t, closesAt: reading ? null : now + TOAST_DURATION_MS[t.kind] })),
    })),
  toastsExpired: (now = Date.now()) =>
    set((s) => {
      const kept = s.toasts.filter((t) => t.closesAt === null || t.closesAt > now);
      return kept.length === s.toasts.length ? s : { toasts: kept };
    }),
}));

/** Toasts in the order they were raised. */
export function selectToasts(s: ToastsState): readonly Toast[] {
  return s.toasts;
}

/** When the next toast closes by itself, or null when none will. */
export function selectNextClosing(s: ToastsState): number | null {
  let next: number | null = null;
  for (const t of s.toasts) if (t.closesAt !== null && (next === null || t.closesAt < next)) next = t.closesAt;
  return next;
}

/** The toasts to show. */
export function useToasts(): readonly Toast[] {
  return useToastsStore(selectToasts);
}
