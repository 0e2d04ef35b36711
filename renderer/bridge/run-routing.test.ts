import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/model/runs.js';
import { useModuleRunsStore } from '../stores/module-runs-store.js';
import { useRecordingsStore } from '../stores/recordings-store.js';
import { useTrendStore } from '../stores/trend-store.js';
import { reading } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { applyBatch } from './subscriptions.js';

const run = (runId: string, state: RunSummary['state'], done: number): RunSummary => ({ runId, moduleId: 'scan', startedAt: '2026-12-06T10:00:00.000Z', state, done, total: 3 });
const changes = () => useRecordingsStore.getState().changeCount;

beforeEach(() => resetStores());

describe('run events', () => {
  it('ask for the recordings again when a run starts and when it ends, not on every point', () => {
    applyBatch([{ type: 'modules:run-changed', run: run('r1', 'running', 0) }]);
    expect(changes()).toBe(1);
    applyBatch([{ type: 'modules:run-changed', run: run('r1', 'running', 1) }]);
    applyBatch([{ type: 'modules:run-points', moduleId: 'scan', runId: 'r1', points: [{ index: 0, time: 1, values: { power: 1 } }] }]);
    expect(changes()).toBe(1);
    applyBatch([{ type: 'modules:run-changed', run: run('r1', 'completed', 3) }]);
    expect(changes()).toBe(2);
    expect(useModuleRunsStore.getState().byModule['scan']?.points).toHaveLength(1);
  });

  it('tell the open trend plot about its instrument\'s readings', () => {
    useTrendStore.getState().trendOpened('meter');
    applyBatch([{ type: 'instruments:readings', readings: [reading('meter:power', 1, 5000)] }]);
    expect(useTrendStore.getState().revision).toBe(1);
    applyBatch([{ type: 'instruments:instrument-removed', id: 'meter' }]);
    expect(useTrendStore.getState().instrumentId).toBeNull();
  });
});
