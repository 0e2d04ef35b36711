/**
 * The single event router into the stores (C10, C11). Order matters: subscribe to event batches
 * first, then ask for the snapshot. Batches that arrive before the snapshot are buffered; once
 * it is in, batches with `seq` up to the snapshot's are dropped (already reflected) and the rest
 * applied in order. After a reconnect the same dance runs again, since events were missed.
 */
import type { DaqEvent, EventBatch } from '../../shared/ipc/contract.js';
import type { AppState, LogEntry, Reading } from '../../shared/model/runtime.js';
import { useAppStatusStore } from '../stores/app-status-store.js';
import { changesConfiguration } from '../stores/config-change.js';
import { useConfigStore } from '../stores/config-store.js';
import { useHotReloadStore } from '../stores/hot-reload-store.js';
import { useInstrumentEditStore } from '../stores/instrument-edit-store.js';
import { useInstrumentsStore } from '../stores/instruments-store.js';
import { useLogStore } from '../stores/log-store.js';
import { useModuleRunsStore } from '../stores/module-runs-store.js';
import { useModulesStore } from '../stores/modules-store.js';
import { usePersistenceStore } from '../stores/persistence-store.js';
import { useRecordingsStore } from '../stores/recordings-store.js';
import { readingHistory } from '../stores/reading-history.js';
import { useReadingsStore } from '../stores/readings-store.js';
import { useRemoveDialogStore } from '../stores/remove-dialog-store.js';
import { useToastsStore } from '../stores/toasts-store.js';
import { useTrendStore } from '../stores/trend-store.js';
import { useTransactionsStore } from '../stores/transactions-store.js';
import { useVersionsStore } from '../stores/versions-store.js';
import type { DaqClient } from './daq-client.js';

/** Where the gate delivers what passes it. */
export interface StoreSink {
  snapshotLoaded(state: AppState): void;
  batchApplied(batch: EventBatch): void;
}

/** Batches kept while no snapshot is in; far more than arrive while one is being fetched. */
const MAX_BUFFERED = 500;

/** The seq ordering logic on its own, so it can be tested without stores or transports. */
export interface SeqGate {
  batchReceived(batch: EventBatch): void;
  snapshotReceived(state: AppState): void;
  /** Forgets the snapshot (after a reconnect): buffer again until the next one. */
  reset(): void;
  lastSeq(): number | null;
}

/** Creates the gate that orders batches around snapshots. */
export function createSeqGate(sink: StoreSink): SeqGate {
  let last: number | null = null;
  let buffer: EventBatch[] = [];
  const apply = (batch: EventBatch): void => {
    if (last === null || batch.seq <= last) return;
    last = batch.seq;
    sink.batchApplied(batch);
  };
  return {
    batchReceived: (batch) => {
      if (last !== null) return apply(batch);
      buffer.push(batch);
      if (buffer.length > MAX_BUFFERED) buffer.shift();
    },
    snapshotReceived: (state) => {
      last = state.seq;
      sink.snapshotLoaded(state);
      const early = buffer.sort((a, b) => a.seq - b.seq);
      buffer = [];
      for (const batch of early) apply(batch);
    },
    reset: () => {
      last = null;
      buffer = [];
    },
    lastSeq: () => last,
  };
}

/** Applies one batch to the stores, one store update per kind of event. */
export function applyBatch(events: readonly DaqEvent[]): void {
  // Judged against the stores before the batch lands: the versions list is asked for again after it.
  if (changesConfiguration(events, useInstrumentsStore.getState().byId, useModulesStore.getState().byId)) useVersionsStore.getState().configChanged();
  const readings: Reading[] = [];
  const logs: LogEntry[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'instruments:instrument-changed':
        useInstrumentsStore.getState().instrumentChanged(event.instrument);
        // The edit panel follows a change made underneath it (a hand edit, another window).
        if (useInstrumentEditStore.getState().id === event.instrument.id) useInstrumentEditStore.getState().configChanged(event.instrument.config);
        break;
      case 'instruments:instrument-removed':
        useInstrumentsStore.getState().instrumentRemoved(event.id);
        useReadingsStore.getState().instrumentRemoved(event.id);
        readingHistory.forget(event.id);
        if (useTrendStore.getState().instrumentId === event.id) useTrendStore.getState().trendClosed();
        // Editing or confirming the removal of an instrument that is gone makes no sense.
        if (useInstrumentEditStore.getState().id === event.id) useInstrumentEditStore.getState().editClosed();
        if (useRemoveDialogStore.getState().targetId === event.id) useRemoveDialogStore.getState().dialogClosed();
        break;
      case 'instruments:readings':
        readings.push(...event.readings);
        break;
      case 'modules:module-changed':
        useModulesStore.getState().moduleChanged(event.module);
        break;
      case 'modules:module-removed':
        useModulesStore.getState().moduleRemoved(event.id);
        break;
      case 'app:log':
        logs.push(event.entry);
        break;
      case 'app:config-status-changed':
        useConfigStore.getState().configStatusChanged(event.config);
        break;
      case 'persistence:status-changed':
        usePersistenceStore.getState().persistenceStatusChanged(event.persistence);
        break;
      case 'hot-reload:status-changed':
        // Instruments and modules a reload added, changed or removed arrive as their own events.
        useHotReloadStore.getState().reloadStatusChanged(event.reload);
        break;
      case 'transactions:transaction-changed':
        useTransactionsStore.getState().transactionChanged(event.transaction);
        break;
      case 'modules:run-changed': {
        // A run that starts opens a file and one that ends closes it: the recordings list follows.
        const known = useModuleRunsStore.getState().byModule[event.run.moduleId]?.run;
        const started = known?.runId !== event.run.runId;
        const ended = event.run.state !== 'running' && known?.state === 'running';
        if (started || ended) useRecordingsStore.getState().recordingsChanged();
        useModuleRunsStore.getState().runChanged(event.run);
        break;
      }
      case 'modules:run-points':
        useModuleRunsStore.getState().pointsRecorded(event.moduleId, event.runId, event.points);
        break;
      default: {
        // A new event type in the contract must be routed here: this stops compiling until it is.
        const unrouted: never = event;
        void unrouted;
      }
    }
  }
  useReadingsStore.getState().readingsReceived(readings);
  if (readings.length > 0) {
    readingHistory.add(readings);
    useTrendStore.getState().readingsArrived([...new Set(readings.map((r) => r.channel.slice(0, r.channel.indexOf(':'))))]);
  }
  useLogStore.getState().entriesAdded(logs);
}

/** Replaces every store's content with a snapshot. */
export function applySnapshot(state: AppState): void {
  useConfigStore.getState().snapshotLoaded(state.config);
  useInstrumentsStore.getState().snapshotLoaded(state.instruments);
  // After a reconnect: the open edit panel catches up with what changed meanwhile, or closes if its instrument went.
  const editing = useInstrumentEditStore.getState().id;
  if (editing !== null) {
    const current = state.instruments.find((i) => i.id === editing);
    if (current) useInstrumentEditStore.getState().configChanged(current.config);
    else useInstrumentEditStore.getState().editClosed();
  }
  useReadingsStore.getState().snapshotLoaded(state.instruments.map((i) => i.id));
  useModulesStore.getState().snapshotLoaded(state.modules);
  useLogStore.getState().snapshotLoaded(state.log);
  usePersistenceStore.getState().snapshotLoaded(state.persistence);
  useHotReloadStore.getState().snapshotLoaded(state.reload);
  // Versions are not part of the snapshot, and whatever happened while disconnected is unknown.
  useVersionsStore.getState().configChanged();
  useRecordingsStore.getState().recordingsChanged();
  // Last, so `data-app-state="ready"` never shows before the data it promises.
  useAppStatusStore.getState().snapshotApplied();
}

export interface ConnectOptions {
  /** Delay before asking again when the snapshot request fails while connected. */
  readonly retryDelayMs?: number;
}

/** Wires the client's events into the stores and loads the first snapshot; returns a disconnect. */
export function connectStores(client: DaqClient, options: ConnectOptions = {}): () => void {
  const retryDelay = options.retryDelayMs ?? 2000;
  const gate = createSeqGate({ snapshotLoaded: applySnapshot, batchApplied: (b) => applyBatch(b.events) });
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // Change sets are not part of the snapshot: they are listed after it (an open one survives a
  // reload or a reconnect, and the staging tray shows it again).
  const loadTransactions = async (mine: number): Promise<void> => {
    const transactions = useTransactionsStore.getState();
    transactions.listRequested();
    const result = await client.api.ListTransactions({});
    if (stopped || mine !== generation) return;
    if (result.ok) transactions.snapshotLoaded(result.value.transactions);
    else if (result.error.code === 'UNAVAILABLE') transactions.listRefused(result.error.message);
    else transactions.listAbandoned(); // lost with the connection: the reconnect lists again
  };

  const loadSnapshot = async (): Promise<void> => {
    const mine = ++generation;
    if (retryTimer) clearTimeout(retryTimer);
    const result = await client.api.GetAppState({});
    if (stopped || mine !== generation) return; // a newer request (after a reconnect) wins
    if (result.ok) {
      gate.snapshotReceived(result.value);
      return loadTransactions(mine);
    }
    // While disconnected the reconnect reloads; only a refusal over a live connection is an
    // error worth showing, and it is retried.
    if (client.connectionState() !== 'open') return;
    useToastsStore.getState().errorReported('Load app state', result.error);
    retryTimer = setTimeout(() => void loadSnapshot(), retryDelay);
  };

  useAppStatusStore.getState().transportPicked(client.transport, client.connectionState());
  const offEvents = client.api.onEvents((batch) => gate.batchReceived(batch));
  let previous = client.connectionState();
  const offConnection = client.onDidChangeConnection((state) => {
    useAppStatusStore.getState().connectionChanged(state);
    const reopened = state === 'open' && previous === 'closed';
    previous = state;
    if (reopened) {
      gate.reset();
      void loadSnapshot();
    }
  });
  void loadSnapshot();

  return () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    offEvents();
    offConnection();
  };
}
