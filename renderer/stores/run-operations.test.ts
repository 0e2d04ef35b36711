import { beforeEach, describe, expect, it } from 'vitest';
import type { RunFile, RunSummary } from '../../shared/model/runs.js';
import { fakeApi } from '../test-support/fake-api.js';
import { resetStores } from '../test-support/reset-stores.js';
import { useModuleRunsStore } from './module-runs-store.js';
import { createOperationKit } from './operation-kit.js';
import { needsRecordingList, recordingRows, useRecordingsStore } from './recordings-store.js';
import { createRunOperations } from './run-operations.js';
import { useToastsStore } from './toasts-store.js';

const now = () => new Date('2026-12-06T12:00:00.000Z');
const recording: RunFile = { file: 'pol_scan_20261206_100000.csv', moduleId: 'pol_scan', moduleType: 'polarization_scan', startedAt: '2026-12-06T10:00:00.000Z', rows: 3, bytes: 500, outcome: 'stopped', reason: 'role "rotator" lost instrument "hwp_rotator"' };
const run: RunSummary = { runId: 'r1', moduleId: 'pol_scan', startedAt: '2026-12-06T10:00:00.000Z', state: 'running', done: 2, total: 5 };

beforeEach(() => resetStores());

describe('the recordings list', () => {
  it('is asked for at first, and again after a run starts or ends', async () => {
    expect(needsRecordingList(useRecordingsStore.getState())).toBe(true);
    const ops = createRunOperations(createOperationKit(fakeApi({ ListRuns: async () => ({ ok: true, value: { folder: '/lab/data_output', runs: [recording] } }) }), now));
    await ops.listRecordings();
    expect(needsRecordingList(useRecordingsStore.getState())).toBe(false);
    expect(useRecordingsStore.getState()).toMatchObject({ folder: '/lab/data_output', runs: [recording], error: null });
    useRecordingsStore.getState().recordingsChanged();
    expect(needsRecordingList(useRecordingsStore.getState())).toBe(true);
  });

  it('shows a failed listing in the section, not as a toast', async () => {
    const ops = createRunOperations(createOperationKit(fakeApi({ ListRuns: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'folder unreadable' } }) }), now));
    await ops.listRecordings();
    expect(useRecordingsStore.getState().error).toBe('UNAVAILABLE: folder unreadable');
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('rows carry the outcome with its reason', () => {
    expect(recordingRows([recording])[0]).toMatchObject({ moduleId: 'pol_scan', rows: 3, outcome: 'stopped: role "rotator" lost instrument "hwp_rotator"' });
  });
});

describe('module results', () => {
  it('loads the latest run with its columns and keeps points that arrived as events meanwhile', async () => {
    useModuleRunsStore.getState().runChanged(run);
    useModuleRunsStore.getState().pointsRecorded('pol_scan', 'r1', [{ index: 2, time: 3, values: { power: 3 } }]);
    const points = [0, 1].map((index) => ({ index, time: index, values: { power: index } }));
    const ops = createRunOperations(createOperationKit(fakeApi({ GetModuleResults: async () => ({ ok: true, value: { moduleId: 'pol_scan', run, columns: [{ name: 'power', unit: 'W' }], points } }) }), now));
    await ops.loadModuleResults('pol_scan');
    const loaded = useModuleRunsStore.getState().byModule['pol_scan'];
    expect(loaded?.columns).toEqual([{ name: 'power', unit: 'W' }]);
    expect(loaded?.points.map((p) => p.index)).toEqual([0, 1, 2]);
  });
});

describe('copying the folder path', () => {
  it('copies and says so, or says why not', async () => {
    useRecordingsStore.getState().listLoaded('/lab/data_output', []);
    const copied: string[] = [];
    const kit = createOperationKit(fakeApi({}), now);
    await createRunOperations(kit, { writeText: async (t) => void copied.push(t) }).copyRecordingsFolder();
    expect(copied).toEqual(['/lab/data_output']);
    expect(useToastsStore.getState().toasts).toMatchObject([{ kind: 'success', action: 'Copied the recordings folder path' }]);
    await createRunOperations(kit, { writeText: async () => Promise.reject(new Error('denied')) }).copyRecordingsFolder();
    expect(useToastsStore.getState().toasts.at(-1)).toMatchObject({ kind: 'error', message: 'denied' });
  });
});
