/**
 * Change sets (transactions) as the core reports them: the staging tray shows the open one
 * and a commit waiting for confirmation. Fed by the subscription router only: the list after
 * each snapshot, then `transactions:transaction-changed` events.
 */
import { create } from 'zustand';
import type { TransactionView } from '../../shared/model/transactions.js';

export interface TransactionsState {
  readonly byId: Readonly<Record<string, TransactionView>>;
  /** Why change sets cannot be used (the core refused to list them), or null. */
  readonly unavailable: string | null;
  /**
   * While a list is being fetched: the ids events changed meanwhile. An event and the list
   * answer can cross on the wire, and the event is the newer word on its transaction.
   */
  readonly changedDuringList: readonly string[] | null;
}

interface TransactionsActions {
  transactionChanged(transaction: TransactionView): void;
  listRequested(): void;
  snapshotLoaded(transactions: readonly TransactionView[]): void;
  listRefused(reason: string): void;
  listAbandoned(): void;
}

export const initialTransactionsState: TransactionsState = { byId: {}, unavailable: null, changedDuringList: null };

export const useTransactionsStore = create<TransactionsState & TransactionsActions>()((set) => ({
  ...initialTransactionsState,
  transactionChanged: (transaction) =>
    set((s) => ({
      byId: { ...s.byId, [transaction.transactionId]: transaction },
      changedDuringList: s.changedDuringList === null ? null : [...s.changedDuringList, transaction.transactionId],
    })),
  listRequested: () => set({ changedDuringList: [] }),
  snapshotLoaded: (transactions) =>
    set((s) => {
      const byId: Record<string, TransactionView> = Object.fromEntries(transactions.map((t) => [t.transactionId, t]));
      for (const id of s.changedDuringList ?? []) {
        const newer = s.byId[id];
        if (newer) byId[id] = newer;
      }
      return { byId, unavailable: null, changedDuringList: null };
    }),
  listRefused: (reason) => set({ byId: {}, unavailable: reason, changedDuringList: null }),
  listAbandoned: () => set({ changedDuringList: null }),
}));

/** Whether the transaction is still in play: open for staging, or committed and waiting for confirmation. */
export function isActive(t: TransactionView): boolean {
  return t.state === 'open' || t.state === 'confirming';
}

function newest(s: TransactionsState, state: TransactionView['state']): TransactionView | null {
  let found: TransactionView | null = null;
  for (const t of Object.values(s.byId)) {
    if (t.state === state && (found === null || t.createdAt > found.createdAt)) found = t;
  }
  return found;
}

/** The change set being staged (the newest open one), or null. */
export function selectOpenChangeSet(s: TransactionsState): TransactionView | null {
  return newest(s, 'open');
}

/** A commit waiting for confirmation (the newest), or null. */
export function selectConfirmingCommit(s: TransactionsState): TransactionView | null {
  return newest(s, 'confirming');
}

/** The time left until an ISO deadline, for a countdown. */
export interface TimeLeft {
  readonly seconds: number;
  /** "4:05", "0:09"; "0:00" once the deadline has passed. */
  readonly text: string;
  readonly overdue: boolean;
}

/** The time from `nowMs` to `deadline`, rounded up to whole seconds so "0:00" means it is over. */
export function timeLeft(deadline: string, nowMs: number): TimeLeft {
  const ms = Date.parse(deadline) - nowMs;
  const seconds = Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : 0;
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return { seconds, text, overdue: seconds === 0 };
}
