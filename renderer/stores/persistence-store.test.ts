import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import { applyBatch, applySnapshot } from '../bridge/subscriptions.js';
import { fakeApi } from '../test-support/fake-api.js';
import { appState } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { createOperations } from './operations.js';
import { operationKey, useOperationsStore } from './operations-store.js';
import { selectNotSavedText, usePersistenceStore } from './persistence-store.js';
import { useToastsStore } from './toasts-store.js';

const readOnly = { code: 'PERSIST_FAILED' as const, message: 'cannot write /lab/daq.toml: the file is read-only' };
const notSavedText = () => selectNotSavedText(usePersistenceStore.getState());
const toasts = () => useToastsStore.getState().toasts;

beforeEach(() => resetStores());

describe('the "not saved to file" indicator', () => {
  it('is absent while nothing is pending', () => {
    expect(notSavedText()).toBeNull();
  });

  it('says how many changes are pending and why, from the snapshot and then from events', () => {
    applySnapshot(appState(3, { persistence: { pending: 1, lastError: readOnly } }));
    expect(notSavedText()).toBe('1 change not saved to file: cannot write /lab/daq.toml: the file is read-only');
    applyBatch([{ type: 'persistence:status-changed', persistence: { pending: 3, lastError: readOnly } }]);
    expect(notSavedText()).toBe('3 changes not saved to file: cannot write /lab/daq.toml: the file is read-only');
  });

  it('still shows a count when the core gives no reason', () => {
    applyBatch([{ type: 'persistence:status-changed', persistence: { pending: 2 } }]);
    expect(notSavedText()).toBe('2 changes not saved to file');
  });

  it('clears when the core reports nothing pending', () => {
    applyBatch([{ type: 'persistence:status-changed', persistence: { pending: 1, lastError: readOnly } }]);
    applyBatch([{ type: 'persistence:status-changed', persistence: { pending: 0 } }]);
    expect(notSavedText()).toBeNull();
  });

  it('keeps the same text reference between unrelated updates (a stable selection)', () => {
    applyBatch([{ type: 'persistence:status-changed', persistence: { pending: 1, lastError: readOnly } }]);
    const first = notSavedText();
    applyBatch([{ type: 'app:log', entry: { level: 'info', message: 'x', source: 'core', time: '2026-01-01T00:00:00Z' } }]);
    expect(notSavedText()).toBe(first);
  });
});

describe('"Save to file"', () => {
  it('sends SyncConfigToFile and says "Saved to file" when the write succeeds', async () => {
    const SyncConfigToFile = vi.fn(async () => ({ ok: true as const, value: { persisted: true, pending: 0 } }));
    await createOperations(fakeApi({ SyncConfigToFile })).saveToFile();
    expect(SyncConfigToFile).toHaveBeenCalledWith({});
    expect(toasts()).toMatchObject([{ kind: 'success', action: 'Saved to file' }]);
  });

  it('raises a toast with the reason when the file still cannot be written', async () => {
    const ops = createOperations(fakeApi({ SyncConfigToFile: async () => ({ ok: true, value: { persisted: false, persistError: readOnly, pending: 2 } }) }));
    await ops.saveToFile();
    expect(toasts()).toMatchObject([{ action: 'Save to file', code: 'PERSIST_FAILED', message: readOnly.message }]);
  });

  it('raises a toast when the core refuses the command', async () => {
    const ops = createOperations(fakeApi({ SyncConfigToFile: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'boom' } }) }));
    await ops.saveToFile();
    expect(toasts()).toMatchObject([{ action: 'Save to file', code: 'INTERNAL' }]);
  });

  it('is marked in flight so a double click writes once', async () => {
    let release: () => void = () => undefined;
    const SyncConfigToFile = vi.fn(
      () => new Promise<Result<unknown>>((r) => (release = () => r({ ok: true, value: { persisted: true, pending: 0 } }))),
    );
    const ops = createOperations(fakeApi({ SyncConfigToFile }));
    const first = ops.saveToFile();
    expect(useOperationsStore.getState().pending[operationKey.saveToFile()]).toBe(true);
    await ops.saveToFile();
    release();
    await first;
    expect(SyncConfigToFile).toHaveBeenCalledTimes(1);
  });
});
