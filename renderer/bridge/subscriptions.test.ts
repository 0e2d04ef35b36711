import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { DaqApi, EventBatch } from '../../shared/ipc/contract.js';
import type { AppState } from '../../shared/model/runtime.js';
import type { TransactionView } from '../../shared/model/transactions.js';
import { useAppStatusStore } from '../stores/app-status-store.js';
import { useConfigStore } from '../stores/config-store.js';
import { useInstrumentEditStore } from '../stores/instrument-edit-store.js';
import { useInstrumentsStore } from '../stores/instruments-store.js';
import { useLogStore } from '../stores/log-store.js';
import { useModulesStore } from '../stores/modules-store.js';
import { useReadingsStore } from '../stores/readings-store.js';
import { useRemoveDialogStore } from '../stores/remove-dialog-store.js';
import { useToastsStore } from '../stores/toasts-store.js';
import { selectOpenChangeSet, useTransactionsStore } from '../stores/transactions-store.js';
import { useVersionsStore } from '../stores/versions-store.js';
import { appState, batch, changeSet, instrumentView, logEntry, moduleView, reading } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import type { ConnectionState, DaqClient } from './daq-client.js';
import { connectStores, createSeqGate } from './subscriptions.js';

/** A client whose snapshot answers and pushed batches the test controls. */
function fakeClient() {
  const order: string[] = [];
  const listeners = new Set<(b: EventBatch) => void>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const answers: ((r: Result<AppState>) => void)[] = [];
  const listAnswers: ((r: Result<{ transactions: TransactionView[] }>) => void)[] = [];
  let state: ConnectionState = 'open';
  const api = {
    onEvents: (listener: (b: EventBatch) => void) => {
      order.push('subscribe');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    GetAppState: () => {
      order.push('GetAppState');
      return new Promise<Result<AppState>>((resolve) => answers.push(resolve));
    },
    ListTransactions: () => {
      order.push('ListTransactions');
      return new Promise<Result<{ transactions: TransactionView[] }>>((resolve) => listAnswers.push(resolve));
    },
  } as unknown as DaqApi;
  const client: DaqClient = {
    api,
    transport: 'websocket',
    connectionState: () => state,
    onDidChangeConnection: (l) => {
      connectionListeners.add(l);
      return () => connectionListeners.delete(l);
    },
  };
  return {
    client,
    order,
    push: (b: EventBatch) => listeners.forEach((l) => l(b)),
    answer: async (r: Result<AppState>, index = answers.length - 1) => {
      answers[index]?.(r);
      await Promise.resolve();
      await Promise.resolve();
    },
    answerList: async (r: Result<{ transactions: TransactionView[] }>) => {
      listAnswers.at(-1)?.(r);
      await Promise.resolve();
    },
    setConnection: (s: ConnectionState) => {
      state = s;
      connectionListeners.forEach((l) => l(s));
    },
    snapshotRequests: () => answers.length,
    listenerCount: () => listeners.size,
  };
}

const ids = () => useInstrumentsStore.getState().ids;

beforeEach(() => resetStores());

describe('createSeqGate', () => {
  it('buffers batches until the snapshot, then applies only the newer ones, in seq order', () => {
    const applied: number[] = [];
    const snapshots: number[] = [];
    const gate = createSeqGate({ snapshotLoaded: (s) => snapshots.push(s.seq), batchApplied: (b) => applied.push(b.seq) });
    gate.batchReceived(batch(12, []));
    gate.batchReceived(batch(10, []));
    gate.batchReceived(batch(11, []));
    expect(applied).toEqual([]);
    gate.snapshotReceived(appState(10));
    expect(snapshots).toEqual([10]);
    expect(applied).toEqual([11, 12]);
    gate.batchReceived(batch(12, []));
    gate.batchReceived(batch(9, []));
    gate.batchReceived(batch(13, []));
    expect(applied).toEqual([11, 12, 13]);
    expect(gate.lastSeq()).toBe(13);
  });

  it('buffers again after a reset until the next snapshot', () => {
    const applied: number[] = [];
    const gate = createSeqGate({ snapshotLoaded: () => undefined, batchApplied: (b) => applied.push(b.seq) });
    gate.snapshotReceived(appState(1));
    gate.reset();
    gate.batchReceived(batch(2, []));
    expect(applied).toEqual([]);
    // A restarted core starts counting again: the new snapshot's seq is what counts.
    gate.snapshotReceived(appState(0));
    expect(applied).toEqual([2]);
  });
});

describe('connectStores', () => {
  it('subscribes to events before asking for the snapshot', () => {
    const fake = fakeClient();
    connectStores(fake.client);
    expect(fake.order).toEqual(['subscribe', 'GetAppState']);
  });

  it('fills every store from the snapshot and then marks the app ready', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    expect(useAppStatusStore.getState().ready).toBe(false);
    await fake.answer({
      ok: true,
      value: appState(4, {
        instruments: [instrumentView('a'), instrumentView('b')],
        modules: [moduleView('m')],
        log: [logEntry('loaded')],
        config: { configPath: '/lab/x.toml', status: 'invalid', issues: [] },
      }),
    });
    expect(ids()).toEqual(['a', 'b']);
    expect(useModulesStore.getState().ids).toEqual(['m']);
    expect(useLogStore.getState().entries.map((e) => e.message)).toEqual(['loaded']);
    expect(useConfigStore.getState().status?.status).toBe('invalid');
    expect(useAppStatusStore.getState().ready).toBe(true);
  });

  it('applies early batches newer than the snapshot and drops stale ones', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    fake.push(batch(3, [{ type: 'instruments:instrument-removed', id: 'a' }])); // already in the snapshot
    fake.push(batch(5, [{ type: 'instruments:instrument-changed', instrument: instrumentView('c') }]));
    expect(ids()).toEqual([]);
    await fake.answer({ ok: true, value: appState(4, { instruments: [instrumentView('a')] }) });
    expect(ids()).toEqual(['a', 'c']);
    fake.push(batch(5, [{ type: 'instruments:instrument-removed', id: 'c' }])); // a repeat: dropped
    expect(ids()).toEqual(['a', 'c']);
    fake.push(batch(6, [{ type: 'instruments:instrument-removed', id: 'a' }]));
    expect(ids()).toEqual(['c']);
  });

  it('routes each kind of event to its store', async () => {
    const fake = fakeClient();
    useRemoveDialogStore.getState().removeRequested('a');
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0, { instruments: [instrumentView('a')], modules: [moduleView('m')] }) });
    useInstrumentEditStore.getState().editStarted('a', 'mock', { type: 'mock' });
    fake.push(
      batch(1, [
        { type: 'instruments:readings', readings: [reading('a:sine_wave', 0.5)] },
        { type: 'modules:module-changed', module: moduleView('m', { state: 'running' }) },
        { type: 'app:log', entry: logEntry('started') },
        { type: 'app:config-status-changed', config: { configPath: '/lab/x.toml', status: 'ok', issues: [] } },
      ]),
    );
    expect(useReadingsStore.getState().latest['a:sine_wave']?.value).toBe(0.5);
    expect(useModulesStore.getState().byId['m']?.state).toBe('running');
    expect(useLogStore.getState().entries.at(-1)?.message).toBe('started');
    expect(useConfigStore.getState().status?.configPath).toBe('/lab/x.toml');
    fake.push(batch(2, [{ type: 'instruments:instrument-removed', id: 'a' }, { type: 'modules:module-removed', id: 'm' }]));
    expect(useReadingsStore.getState().latest['a:sine_wave']).toBeUndefined();
    expect(useModulesStore.getState().ids).toEqual([]);
    // Nothing keeps pointing at an instrument that is gone.
    expect(useRemoveDialogStore.getState().targetId).toBeNull();
    expect(useInstrumentEditStore.getState().id).toBeNull();
  });

  it('keeps an open edit panel on the instrument as it changes underneath it', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    const config = { type: 'mock', sample_rate_hz: 10, amplitude: 1 };
    await fake.answer({ ok: true, value: appState(0, { instruments: [instrumentView('a', { config })] }) });
    useInstrumentEditStore.getState().editStarted('a', 'mock', config);
    useInstrumentEditStore.getState().draftChanged('amplitude', '2');
    fake.push(batch(1, [{ type: 'instruments:instrument-changed', instrument: instrumentView('a', { config: { ...config, sample_rate_hz: 20, amplitude: 3 } }) }]));
    expect(useInstrumentEditStore.getState().drafts).toMatchObject({ sample_rate_hz: '20', amplitude: '2' });
    expect(useInstrumentEditStore.getState().conflicts).toEqual({ amplitude: { theirs: '3' } });
  });

  it('after a reconnect asks for a new snapshot and buffers batches until it arrives', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(7, { instruments: [instrumentView('a')] }) });
    fake.setConnection('closed');
    expect(useAppStatusStore.getState().connection).toBe('closed');
    expect(fake.snapshotRequests()).toBe(1);
    fake.setConnection('open');
    expect(fake.snapshotRequests()).toBe(2);
    // The core restarted: its seq starts over, and a batch arrives before the snapshot.
    fake.push(batch(2, [{ type: 'instruments:instrument-changed', instrument: instrumentView('z') }]));
    expect(ids()).toEqual(['a']);
    await fake.answer({ ok: true, value: appState(1, { instruments: [instrumentView('b')] }) });
    expect(ids()).toEqual(['b', 'z']);
  });

  it('shows a refused snapshot as a toast and asks again later', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeClient();
      connectStores(fake.client, { retryDelayMs: 50 });
      await fake.answer({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
      expect(useToastsStore.getState().toasts).toMatchObject([{ code: 'INTERNAL', message: 'boom' }]);
      vi.advanceTimersByTime(50);
      expect(fake.snapshotRequests()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops routing after disconnect', async () => {
    const fake = fakeClient();
    const disconnect = connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0) });
    disconnect();
    expect(fake.listenerCount()).toBe(0);
  });

  it('lists the change sets after the snapshot, so an open one survives a reload', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0) });
    expect(fake.order).toEqual(['subscribe', 'GetAppState', 'ListTransactions']);
    await fake.answerList({ ok: true, value: { transactions: [changeSet('t1'), changeSet('t0', { state: 'committed' })] } });
    expect(selectOpenChangeSet(useTransactionsStore.getState())?.transactionId).toBe('t1');
  });

  it('keeps a change event that overtook the list answer', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0) });
    fake.push(batch(1, [{ type: 'transactions:transaction-changed', transaction: changeSet('t1', { state: 'discarded' }) }]));
    await fake.answerList({ ok: true, value: { transactions: [changeSet('t1')] } });
    expect(useTransactionsStore.getState().byId['t1']?.state).toBe('discarded');
    fake.push(batch(2, [{ type: 'transactions:transaction-changed', transaction: changeSet('t2') }]));
    expect(useTransactionsStore.getState().changedDuringList).toBeNull();
  });

  it('notes when change sets are turned off', async () => {
    const fake = fakeClient();
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0) });
    await fake.answerList({ ok: false, error: { code: 'UNAVAILABLE', message: 'transactions are turned off' } });
    expect(useTransactionsStore.getState().unavailable).toBe('transactions are turned off');
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('counts the snapshot and each batch that changed the configuration, so the versions list is asked for again', async () => {
    const fake = fakeClient();
    const changes = () => useVersionsStore.getState().changeCount;
    connectStores(fake.client);
    await fake.answer({ ok: true, value: appState(0, { instruments: [instrumentView('a')] }) });
    expect(changes()).toBe(1);
    fake.push(batch(1, [{ type: 'instruments:instrument-changed', instrument: instrumentView('a', { status: 'error' }) }]));
    fake.push(batch(2, [{ type: 'instruments:readings', readings: [reading('a:sine_wave', 1)] }]));
    expect(changes()).toBe(1);
    fake.push(batch(3, [{ type: 'instruments:instrument-changed', instrument: instrumentView('a', { config: { type: 'mock', sample_rate_hz: 4 } }) }]));
    expect(changes()).toBe(2);
  });
});
