/**
 * The "Remove instrument" dialog: which instrument it names, the modules and roles that use it
 * (asked of the core when the dialog opens, asked again when the core says they changed), the
 * replacement chosen for each role, and the core's refusal of the last attempt.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import type { CommandResponse } from '../../shared/ipc/contract.js';

/** One module role that uses the instrument, with the module's state when the core answered. */
export type DependentInfo = CommandResponse<'GetInstrumentDependencies'>['dependents'][number];

export interface RemoveDialogState {
  readonly targetId: string | null;
  /** The dependents as the core last answered; null while the question is out. */
  readonly dependents: readonly DependentInfo[] | null;
  /** Why the dependents could not be listed. */
  readonly loadError: AppErrorData | null;
  /** Why the list was refreshed while the dialog was open (it changed under the operator). */
  readonly notice: string | null;
  readonly error: AppErrorData | null;
  /** The instrument chosen to take over each role, keyed by {@link roleKey}. */
  readonly replacements: Readonly<Record<string, string>>;
}

interface RemoveDialogActions {
  removeRequested(id: string): void;
  dialogClosed(): void;
  dependentsLoaded(id: string, dependents: readonly DependentInfo[]): void;
  dependentsFailed(id: string, error: AppErrorData): void;
  dependentsRefreshed(id: string, dependents: readonly DependentInfo[], notice: string | null): void;
  replacementChosen(moduleId: string, role: string, instrumentId: string): void;
  removeRefused(error: AppErrorData): void;
}

export const initialRemoveDialogState: RemoveDialogState = {
  targetId: null,
  dependents: null,
  loadError: null,
  notice: null,
  error: null,
  replacements: {},
};

/** The key of one (module, role) pair; ids never contain a slash. */
export function roleKey(moduleId: string, role: string): string {
  return `${moduleId}/${role}`;
}

/** The modules that go with the instrument on "Remove with its modules", each once, sorted. */
export function dependentModules(dependents: readonly DependentInfo[]): readonly string[] {
  return [...new Set(dependents.map((d) => d.moduleId))].sort();
}

function keep(replacements: Readonly<Record<string, string>>, dependents: readonly DependentInfo[]): Record<string, string> {
  const still = new Set(dependents.map((d) => roleKey(d.moduleId, d.role)));
  return Object.fromEntries(Object.entries(replacements).filter(([k]) => still.has(k)));
}

/** The remove-dialog store. */
export const useRemoveDialogStore = create<RemoveDialogState & RemoveDialogActions>()((set) => ({
  ...initialRemoveDialogState,
  removeRequested: (id) => set({ ...initialRemoveDialogState, targetId: id }),
  dialogClosed: () => set(initialRemoveDialogState),
  // An answer about an instrument the dialog no longer names is dropped.
  dependentsLoaded: (id, dependents) => set((s) => (s.targetId === id ? { dependents, loadError: null } : s)),
  dependentsFailed: (id, error) => set((s) => (s.targetId === id ? { dependents: [], loadError: error } : s)),
  dependentsRefreshed: (id, dependents, notice) =>
    set((s) => (s.targetId === id ? { dependents, notice, error: null, replacements: keep(s.replacements, dependents) } : s)),
  replacementChosen: (moduleId, role, instrumentId) =>
    set((s) => {
      const { [roleKey(moduleId, role)]: _old, ...rest } = s.replacements;
      return { replacements: instrumentId === '' ? rest : { ...rest, [roleKey(moduleId, role)]: instrumentId } };
    }),
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

/** The dependents (null while loading). */
export function selectDependents(s: RemoveDialogState): readonly DependentInfo[] | null {
  return s.dependents;
}

/** Why the dependents could not be listed, or null. */
export function selectDependentsError(s: RemoveDialogState): AppErrorData | null {
  return s.loadError;
}

/** The note that the list changed while the dialog was open, or null. */
export function selectRemoveNotice(s: RemoveDialogState): string | null {
  return s.notice;
}

/** The chosen replacements. */
export function selectReplacements(s: RemoveDialogState): Readonly<Record<string, string>> {
  return s.replacements;
}

/** Whether every dependent role has a replacement chosen (and there is at least one). */
export function selectReassignComplete(s: RemoveDialogState): boolean {
  const deps = s.dependents;
  return deps !== null && deps.length > 0 && deps.every((d) => s.replacements[roleKey(d.moduleId, d.role)] !== undefined);
}
