import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/model/runs.js';
import { fileNameOf, latestRun, runCardView, runProgress } from './module-run-view.js';

function run(overrides: Partial<RunSummary> = {}): RunSummary {
  return { runId: 'r1', moduleId: 'pol_scan', startedAt: '2026-12-06T10:00:00.000Z', state: 'running', done: 2, total: 5, ...overrides };
}

describe('run progress', () => {
  it('reads "point k of n" for a scan and the points so far for a monitor', () => {
    expect(runProgress(run())).toEqual({ done: 2, total: 5, text: 'point 2 of 5' });
    expect(runProgress(run({ total: undefined, done: 1 })).text).toBe('1 point recorded');
    expect(runProgress(run({ total: undefined, done: 40 })).text).toBe('40 points recorded');
  });
});

describe('the run a card shows', () => {
  it('is nothing before the module ever ran', () => {
    expect(runCardView(undefined)).toBeNull();
  });

  it('has no outcome while running, and the file name without its folders', () => {
    const view = runCardView(run({ file: 'scans/pol_scan_20261206_100000.csv' }));
    expect(view).toMatchObject({ running: true, outcome: null, outcomeText: null, fileName: 'pol_scan_20261206_100000.csv' });
  });

  it('says how it ended and why', () => {
    const view = runCardView(run({ state: 'stopped', reason: 'role "rotator" lost instrument "hwp_rotator"' }));
    expect(view?.outcomeText).toBe('stopped: role "rotator" lost instrument "hwp_rotator"');
    expect(runCardView(run({ state: 'completed', done: 5 }))?.outcomeText).toBe('completed');
  });

  it('takes a Windows path apart too', () => {
    expect(fileNameOf('a\\b\\c.csv')).toBe('c.csv');
  });
});

describe('the newer of two reports of one run', () => {
  it('prefers the later run, an ended report, then more points', () => {
    const older = run({ runId: 'r0', startedAt: '2026-12-06T09:00:00.000Z' });
    expect(latestRun(older, run())?.runId).toBe('r1');
    expect(latestRun(run(), older)?.runId).toBe('r1');
    expect(latestRun(run({ done: 3 }), run({ state: 'completed', done: 5 }))?.state).toBe('completed');
    expect(latestRun(run({ done: 3 }), run({ done: 4 }))?.done).toBe(4);
    expect(latestRun(undefined, run())?.runId).toBe('r1');
    expect(latestRun(run(), undefined)?.runId).toBe('r1');
  });
});
