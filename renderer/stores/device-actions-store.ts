/**
 * The edit panel's "Device" section: the argument drafts of each instrument action, whether an
 * action was tried (so a required argument left empty shows its error only then), and the
 * device's last answer per action (a refusal such as IN_USE, or what happened). Keyed by
 * instrument and action, so reopening the panel keeps what was typed.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';

export interface DeviceActionsState {
  /** Keyed `<id>/<action>/<arg>`. */
  readonly drafts: Readonly<Record<string, string>>;
  /** Keyed `<id>/<action>`. */
  readonly tried: Readonly<Record<string, true>>;
  readonly refusals: Readonly<Record<string, AppErrorData>>;
  readonly outcomes: Readonly<Record<string, string>>;
}

interface DeviceActionsActions {
  draftChanged(id: string, action: string, arg: string, raw: string): void;
  actionTried(id: string, action: string): void;
  actionRefused(id: string, action: string, error: AppErrorData): void;
  actionDone(id: string, action: string, outcome: string): void;
}

export const initialDeviceActionsState: DeviceActionsState = { drafts: {}, tried: {}, refusals: {}, outcomes: {} };

export function actionKey(id: string, action: string): string {
  return `${id}/${action}`;
}

export function argKey(id: string, action: string, arg: string): string {
  return `${id}/${action}/${arg}`;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export const useDeviceActionsStore = create<DeviceActionsState & DeviceActionsActions>()((set) => ({
  ...initialDeviceActionsState,
  // Typing makes an earlier answer out of date: it no longer describes what would be sent.
  draftChanged: (id, action, arg, raw) =>
    set((s) => ({
      drafts: { ...s.drafts, [argKey(id, action, arg)]: raw },
      refusals: without(s.refusals, actionKey(id, action)),
      outcomes: without(s.outcomes, actionKey(id, action)),
    })),
  actionTried: (id, action) =>
    set((s) => ({
      tried: { ...s.tried, [actionKey(id, action)]: true },
      refusals: without(s.refusals, actionKey(id, action)),
      outcomes: without(s.outcomes, actionKey(id, action)),
    })),
  actionRefused: (id, action, error) => set((s) => ({ refusals: { ...s.refusals, [actionKey(id, action)]: error } })),
  actionDone: (id, action, outcome) => set((s) => ({ outcomes: { ...s.outcomes, [actionKey(id, action)]: outcome } })),
}));
