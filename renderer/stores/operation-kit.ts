/**
 * What every operation shares: marking itself in flight (so a double click sends one command),
 * turning a failure into a toast plus a log line, and a short notice for a change that worked.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';
import { useLogStore } from './log-store.js';
import { useOperationsStore } from './operations-store.js';
import { useToastsStore } from './toasts-store.js';

/** The helpers one API binding hands to each group of operations. */
export interface OperationKit {
  readonly api: DaqApi;
  /** Runs one call unless the same operation is already in flight (then answers null). */
  track<T>(key: string, call: () => Promise<Result<T>>): Promise<Result<T> | null>;
  /** A toast and an error line; `expected` refusals (shown where they happened) only log a warning. */
  reportFailure(action: string, error: AppErrorData, expected?: boolean): void;
  /**
   * A short notice that a change worked, naming it. `persisted: false` (the change runs but is
   * not in the file yet) says so, agreeing with the status bar's "not saved to file".
   */
  reportSuccess(notice: string, persisted?: boolean): void;
  log(level: 'error' | 'warn' | 'info', message: string, source: string): void;
}

/** Binds the helpers to one API; `now` is injectable so tests get fixed log times. */
export function createOperationKit(api: DaqApi, now: () => Date): OperationKit {
  const log: OperationKit['log'] = (level, message, source) =>
    useLogStore.getState().entriesAdded([{ level, message, source, time: now().toISOString() }]);

  return {
    api,
    log,
    reportFailure: (action, error, expected = false) => {
      if (!expected) useToastsStore.getState().errorReported(action, error);
      log(expected ? 'warn' : 'error', `${action} failed: ${error.code}: ${error.message}`, 'app');
    },
    reportSuccess: (notice, persisted = true) => {
      useToastsStore.getState().successReported(persisted ? notice : `${notice} (running; not saved to file yet)`);
    },
    async track(key, call) {
      const ops = useOperationsStore.getState();
      if (ops.pending[key]) return null;
      ops.operationStarted(key);
      try {
        return await call();
      } finally {
        useOperationsStore.getState().operationFinished(key);
      }
    },
  };
}
