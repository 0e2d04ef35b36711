import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/model/runs.js';
import { moduleView } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { mergePoints, useModuleRunsStore } from './module-runs-store.js';
import { cannotStartReason, canStart } from './modules-store.js';

const run = (runId: string, state: RunSummary['state'] = 'running'): RunSummary => ({ runId, moduleId: 'scan', startedAt: '2026-12-06T10:00:00.000Z', state, done: 0, total: 3 });
const point = (index: number) => ({ index, time: index, values: { power: index } });

beforeEach(() => resetStores());

describe('module runs', () => {
  it('appends points of the current run and starts a new run empty', () => {
    const store = useModuleRunsStore.getState();
    store.runChanged(run('r1'));
    store.pointsRecorded('scan', 'r1', [point(0), point(1)]);
    store.pointsRecorded('scan', 'other', [point(9)]);
    expect(useModuleRunsStore.getState().byModule['scan']?.points.map((p) => p.index)).toEqual([0, 1]);
    store.runChanged(run('r2'));
    expect(useModuleRunsStore.getState().byModule['scan']?.points).toEqual([]);
  });

  it('does not count twice a point that came both with the results and as an event', () => {
    const store = useModuleRunsStore.getState();
    store.runChanged(run('r1'));
    store.resultsLoaded(run('r1'), [], [point(0)]);
    store.pointsRecorded('scan', 'r1', [point(0), point(1)]);
    expect(useModuleRunsStore.getState().byModule['scan']?.points.map((p) => p.index)).toEqual([0, 1]);
  });

  it('keeps an ended report when older results of the same run arrive', () => {
    const store = useModuleRunsStore.getState();
    store.runChanged(run('r1', 'completed'));
    store.resultsLoaded(run('r1'), [], [point(0)]);
    expect(useModuleRunsStore.getState().byModule['scan']?.run.state).toBe('completed');
  });

  it('merges two lists of one run by point number', () => {
    expect(mergePoints([point(1), point(0)], [point(1), point(2)]).map((p) => p.index)).toEqual([0, 1, 2]);
  });
});

describe('Start', () => {
  it('follows the core\'s canStart and names its reason', () => {
    expect(canStart(moduleView('m', { canStart: false, cannotStartReason: 'role "rotator" unfilled' }))).toBe(false);
    expect(cannotStartReason(moduleView('m', { canStart: false, cannotStartReason: 'role "rotator" unfilled' }))).toBe('role "rotator" unfilled');
    expect(cannotStartReason(moduleView('m', { canStart: true }))).toBeUndefined();
    // A view without the flag: only a running module cannot start.
    expect(cannotStartReason(moduleView('m', { state: 'running' }))).toBe('already running');
    expect(canStart(moduleView('m'))).toBe(true);
  });
});
