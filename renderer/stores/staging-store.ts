/**
 * The staging tray's own state: whether GUI changes are staged or applied directly, which
 * change set the tray follows to its end (so its outcome can be shown), the last check of the
 * change set with its file preview, and the last refusal of a tray action. What the core says
 * about the change sets themselves is in `transactions-store.ts`.
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import type { TransactionView, ValidationReport } from '../../shared/model/transactions.js';
import { selectConfirmingCommit, selectOpenChangeSet, useTransactionsStore, type TransactionsState } from './transactions-store.js';

/** A check of the change set, tied to the operations it was made for. */
export interface ChangeSetCheck {
  readonly transactionId: string;
  readonly key: string;
  /** Null when the check itself failed (the refusal says why). */
  readonly report: ValidationReport | null;
}

/** What the core said about a commit beyond its new state. */
export interface CommitNote {
  readonly transactionId: string;
  readonly persisted: boolean;
  readonly persistError: AppErrorData | undefined;
  readonly rebased: boolean;
}

export interface StagingState {
  /** The tray's "Stage changes": on, GUI changes go into the open change set; off, they apply. */
  readonly stageChanges: boolean;
  /** The change set the tray follows until its outcome is dismissed; null: the newest active one. */
  readonly followedId: string | null;
  /** Seconds "Commit with confirmation" waits for Confirm before the core rolls back. */
  readonly confirmTimeoutS: number;
  readonly check: ChangeSetCheck | null;
  /** The operations the last check was asked for, so one change sends one ValidateTransaction. */
  readonly requestedKey: string | null;
  /** The core's last refusal of a tray action, shown in the tray. */
  readonly refusal: { readonly action: string; readonly error: AppErrorData } | null;
  readonly commitNote: CommitNote | null;
}

interface StagingActions {
  stageChangesToggled(on: boolean): void;
  changeSetFollowed(transactionId: string): void;
  trayDismissed(): void;
  confirmTimeoutPicked(seconds: number): void;
  checkRequested(key: string): void;
  checkReceived(check: ChangeSetCheck): void;
  /** Forgets which operations were checked, so the next check runs even for the same ones. */
  checkInvalidated(): void;
  actionRefused(action: string, error: AppErrorData): void;
  /** A later change went through: an older refusal no longer describes the change set. */
  refusalCleared(): void;
  committed(note: CommitNote): void;
}

/** The confirmation windows the tray offers, in seconds. */
export const CONFIRM_TIMEOUT_CHOICES: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
];

export const initialStagingState: StagingState = {
  stageChanges: true,
  followedId: null,
  confirmTimeoutS: 60,
  check: null,
  requestedKey: null,
  refusal: null,
  commitNote: null,
};

export const useStagingStore = create<StagingState & StagingActions>()((set) => ({
  ...initialStagingState,
  stageChangesToggled: (on) => set({ stageChanges: on }),
  changeSetFollowed: (transactionId) =>
    set((s) => (s.followedId === transactionId ? s : { followedId: transactionId, refusal: null, commitNote: null })),
  trayDismissed: () => set({ followedId: null, refusal: null, commitNote: null, check: null, requestedKey: null, stageChanges: true }),
  confirmTimeoutPicked: (seconds) => set({ confirmTimeoutS: seconds }),
  checkRequested: (key) => set({ requestedKey: key }),
  checkReceived: (check) => set({ check }),
  checkInvalidated: () => set({ requestedKey: null }),
  actionRefused: (action, error) => set({ refusal: { action, error } }),
  refusalCleared: () => set((s) => (s.refusal === null ? s : { refusal: null })),
  committed: (commitNote) => set({ commitNote, refusal: null }),
}));

/** Identifies a change set's operations as they are now: a check is current while this is unchanged. */
export function operationsKey(t: Pick<TransactionView, 'transactionId' | 'operations'>): string {
  return `${t.transactionId}:${JSON.stringify(t.operations)}`;
}

/**
 * The change set the tray shows: the one it follows (even once ended, until dismissed), or
 * else the open one, or else a commit waiting for confirmation (after a reload, for instance).
 */
export function selectTrayChangeSet(tx: TransactionsState, staging: Pick<StagingState, 'followedId'>): TransactionView | null {
  const followed = staging.followedId === null ? undefined : tx.byId[staging.followedId];
  return followed ?? selectOpenChangeSet(tx) ?? selectConfirmingCommit(tx);
}

/** The tray's change set while it is open for staging, or null. */
export function selectTrayOpenSet(tx: TransactionsState, staging: Pick<StagingState, 'followedId'>): TransactionView | null {
  const shown = selectTrayChangeSet(tx, staging);
  return shown?.state === 'open' ? shown : null;
}

/** The change set GUI changes go into, or null when they apply directly. */
export function selectStagingTarget(tx: TransactionsState, staging: Pick<StagingState, 'followedId' | 'stageChanges'>): string | null {
  return staging.stageChanges ? (selectTrayOpenSet(tx, staging)?.transactionId ?? null) : null;
}

/** The report for the change set's current operations: the tray's own check, else the one the core kept. */
export function currentReport(t: TransactionView, staging: StagingState): ValidationReport | null {
  const check = staging.check;
  if (check?.report && check.key === operationsKey(t)) return check.report;
  return t.validation;
}

/** Whether the change set's current operations still need a ValidateTransaction from this tray. */
export function needsCheck(t: TransactionView, staging: StagingState): boolean {
  return t.state === 'open' && t.operations.length > 0 && staging.requestedKey !== operationsKey(t);
}

/** Whether a check of the current operations is on its way. */
export function isChecking(t: TransactionView, staging: StagingState): boolean {
  const key = operationsKey(t);
  return staging.requestedKey === key && staging.check?.key !== key;
}

/** The change set the tray shows, or null when the tray is closed. */
export function useTrayChangeSet(): TransactionView | null {
  const followedId = useStagingStore((s) => s.followedId);
  return useTransactionsStore((tx) => selectTrayChangeSet(tx, { followedId }));
}

/** Whether GUI changes are being staged now (the buttons read "Stage …"). */
export function useStagingOn(): boolean {
  const followedId = useStagingStore((s) => s.followedId);
  const stageChanges = useStagingStore((s) => s.stageChanges);
  return useTransactionsStore((tx) => selectStagingTarget(tx, { followedId, stageChanges }) !== null);
}

/** The tray's change set while it is open for staging (its operations get marks in the tables). */
export function useTrayOpenSet(): TransactionView | null {
  const followedId = useStagingStore((s) => s.followedId);
  return useTransactionsStore((tx) => selectTrayOpenSet(tx, { followedId }));
}

/** Whether the tray is open (the window then lays the content out above it). */
export function useTrayShown(): boolean {
  const followedId = useStagingStore((s) => s.followedId);
  return useTransactionsStore((tx) => selectTrayChangeSet(tx, { followedId }) !== null);
}
