/**
 * The staging tray's operations: start a change set, unstage, check, commit (optionally with a
 * confirmation window), confirm, roll back, discard. Plus `Staging`, which the add, edit,
 * remove and assign operations ask whether to stage instead of apply. Every stage or unstage
 * is followed by one ValidateTransaction for the operations as they now are. The change sets'
 * states arrive as events; these calls only record what the tray needs beyond that (the check
 * with its file preview, what a commit said about the file, a refusal).
 */
import type { AppErrorData } from '../../shared/errors.js';
import type { TransactionView } from '../../shared/model/transactions.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { needsCheck, operationsKey, selectStagingTarget, selectTrayChangeSet, selectTrayOpenSet, useStagingStore } from './staging-store.js';
import { useTransactionsStore } from './transactions-store.js';

export interface TransactionOperations {
  startChangeSet(): Promise<void>;
  /** Checks the tray's change set unless its current operations were already checked. */
  checkChangeSet(): Promise<void>;
  /** Checks again though nothing was staged here: the file or the bench may have moved on. */
  recheckChangeSet(): Promise<void>;
  unstageOperation(index: number): Promise<void>;
  commitChangeSet(withConfirmation: boolean): Promise<void>;
  discardChangeSet(): Promise<void>;
  confirmCommit(): Promise<void>;
  rollBackCommit(): Promise<void>;
}

/** What the add, edit, remove and assign operations need in order to stage. */
export interface Staging {
  /** The change set changes go into now, or null when they apply directly. */
  target(): string | null;
  /** After a successful stage call: follow that change set and check it again. */
  staged(transaction: TransactionView): Promise<void>;
}

/**
 * Refusals the tray shows by itself, with no toast: the change set ended or expired meanwhile
 * (its event says so), or it does not validate (its rows say why).
 */
const SHOWN_IN_TRAY = new Set<AppErrorData['code']>(['TX_EXPIRED', 'NOT_FOUND', 'INVALID_STATE', 'VALIDATION', 'CONFLICT']);

/** Binds the change-set operations to one kit. */
export function createTransactionOperations({ api, track, reportFailure }: OperationKit): {
  operations: TransactionOperations;
  staging: Staging;
} {
  const tray = () => useStagingStore.getState();
  const shown = () => selectTrayChangeSet(useTransactionsStore.getState(), tray());
  const openSet = () => selectTrayOpenSet(useTransactionsStore.getState(), tray());

  function refused(action: string, error: AppErrorData): void {
    reportFailure(action, error, SHOWN_IN_TRAY.has(error.code));
    tray().actionRefused(action, error);
  }

  async function check(view: TransactionView | null): Promise<void> {
    if (!view || !needsCheck(view, tray())) return;
    const key = operationsKey(view);
    const transactionId = view.transactionId;
    tray().checkRequested(key);
    const result = await api.ValidateTransaction({ transactionId });
    tray().checkReceived({ transactionId, key, report: result.ok ? result.value : null });
    if (!result.ok) refused('Check change set', result.error);
  }

  /** Runs a call that ends the shown change set (discard, confirm, roll back). */
  async function end(action: string, state: TransactionView['state'], call: (transactionId: string) => ReturnType<typeof api.RollbackTransaction>): Promise<void> {
    const view = shown();
    if (view?.state !== state) return;
    const transactionId = view.transactionId;
    tray().changeSetFollowed(transactionId);
    const result = await track(operationKey.endChangeSet(transactionId), () => call(transactionId));
    if (result && !result.ok) refused(action, result.error);
  }

  const operations: TransactionOperations = {
    async startChangeSet() {
      const result = await track(operationKey.beginChangeSet(), () => api.BeginTransaction({}));
      if (!result) return;
      // No tray is open yet to show a refusal in: it is a toast.
      if (!result.ok) return reportFailure('Start a change set', result.error);
      tray().trayDismissed();
      tray().changeSetFollowed(result.value.transactionId);
    },
    checkChangeSet: () => check(openSet()),
    async recheckChangeSet() {
      tray().checkInvalidated();
      await check(openSet());
    },
    async unstageOperation(index) {
      const view = openSet();
      if (!view) return;
      const transactionId = view.transactionId;
      const result = await track(operationKey.unstage(transactionId), () => api.UnstageOperation({ transactionId, index }));
      if (!result) return;
      if (!result.ok) return refused('Unstage operation', result.error);
      tray().refusalCleared();
      await check(result.value.transaction);
    },
    async commitChangeSet(withConfirmation) {
      const view = openSet();
      if (!view) return;
      const transactionId = view.transactionId;
      tray().changeSetFollowed(transactionId);
      const confirmTimeoutS = withConfirmation ? tray().confirmTimeoutS : undefined;
      const request = confirmTimeoutS === undefined ? { transactionId } : { transactionId, confirmTimeoutS };
      const result = await track(operationKey.commit(transactionId), () => api.CommitTransaction(request));
      if (!result) return;
      if (result.ok) {
        const { persisted, persistError, rebased } = result.value;
        tray().committed({ transactionId, persisted, persistError, rebased });
        return;
      }
      refused('Commit change set', result.error);
      // The commit found problems the last check did not (the file or the bench moved on).
      await operations.recheckChangeSet();
    },
    discardChangeSet: () => end('Discard change set', 'open', (transactionId) => api.RollbackTransaction({ transactionId })),
    confirmCommit: () => end('Confirm commit', 'confirming', (transactionId) => api.ConfirmCommit({ transactionId })),
    rollBackCommit: () => end('Roll back commit', 'confirming', (transactionId) => api.RollbackTransaction({ transactionId })),
  };

  const staging: Staging = {
    target: () => selectStagingTarget(useTransactionsStore.getState(), tray()),
    async staged(transaction) {
      tray().changeSetFollowed(transaction.transactionId);
      tray().refusalCleared();
      await check(transaction);
    },
  };

  return { operations, staging };
}
