/**
 * Operations in flight (a start, a save, a removal), keyed by what they act on, so the button
 * that started one is disabled until the core answers and a double click sends one command.
 */
import { create } from 'zustand';

export interface OperationsState {
  readonly pending: Readonly<Record<string, true>>;
}

interface OperationsActions {
  operationStarted(key: string): void;
  operationFinished(key: string): void;
}

export const initialOperationsState: OperationsState = { pending: {} };

/** Keys of the operations the UI tracks. */
export const operationKey = {
  add: () => 'add',
  /** The edit panel's Save: one at a time per instrument. */
  saveEdits: (id: string) => `edit:save:${id}`,
  remove: (id: string) => `remove:${id}`,
  module: (id: string) => `module:${id}`,
  saveToFile: () => 'save-to-file',
  reloadFromFile: () => 'reload-from-file',
  listPorts: () => 'list-ports',
  beginChangeSet: () => 'change-set:begin',
  /** One unstage at a time per change set: the indexes of later operations shift after each. */
  unstage: (transactionId: string) => `change-set:unstage:${transactionId}`,
  commit: (transactionId: string) => `change-set:commit:${transactionId}`,
  /** Discard, confirm or roll back: whichever ends the change set first wins. */
  endChangeSet: (transactionId: string) => `change-set:end:${transactionId}`,
  snapshot: () => 'versions:snapshot',
  labelVersion: (versionId: string) => `versions:label:${versionId}`,
  /** A restore, an "Undo last change" and the Undo of a restore: one rollback at a time. */
  rollback: () => 'versions:rollback',
} as const;

/** The operations store; components read it through {@link useIsPending}. */
export const useOperationsStore = create<OperationsState & OperationsActions>()((set) => ({
  ...initialOperationsState,
  operationStarted: (key) => set((s) => ({ pending: { ...s.pending, [key]: true } })),
  operationFinished: (key) =>
    set((s) => {
      if (!s.pending[key]) return s;
      const { [key]: _done, ...pending } = s.pending;
      return { pending };
    }),
}));

/** Whether the operation with this key is waiting for the core. */
export function selectIsPending(key: string): (s: OperationsState) => boolean {
  return (s) => s.pending[key] === true;
}

/** Whether the operation with this key is in flight. */
export function useIsPending(key: string): boolean {
  return useOperationsStore(selectIsPending(key));
}
