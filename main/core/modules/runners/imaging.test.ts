/**
 * Imaging in a running core: frames from the mock camera, the ESP300 stage (simulated, `sim://`)
 * moved before each frame with the exact bytes and waited for until its position reading is
 * there, the frames recorded; without a stage, frames only; a Stop keeps the frames taken.
 */
import { describe, expect, it } from 'vitest';
import type { Esp300Sim } from '../../serial/index.js';
import { dataRows, moduleView, ok, recording, SIM_BENCH, startSimBench, waitForRun } from '../test-support/sim-bench-test-kit.js';

describe('imaging', () => {
  it('moves the stage before every frame, waits until it is there, records each frame and completes', async () => {
    const bench = await startSimBench(SIM_BENCH);
    const stage = bench.sim<Esp300Sim>('sim://esp300');
    stage.clearReceived();
    await ok(bench, 'StartModule', { id: 'imaging' });
    const run = await waitForRun(bench, 'imaging', (r) => r.state !== 'running');
    expect(run).toMatchObject({ state: 'completed', done: 3, total: 3 });
    // Silent absolute moves of axis 1, one per frame, each followed by position polls until it arrived.
    expect(stage.received.filter((c) => /^1PA/.test(c))).toEqual(['1PA0.000000\r\n', '1PA0.050000\r\n', '1PA0.100000\r\n']);
    expect(stage.position(1)).toBeCloseTo(0.1, 9);

    const results = await ok(bench, 'GetModuleResults', { moduleId: 'imaging' });
    expect(results.columns).toEqual([
      { name: 'stage_set', unit: 'mm' },
      { name: 'stage', unit: 'mm' },
      { name: 'mean_intensity', unit: 'counts' },
    ]);
    expect(results.points.map((p) => p.values['stage_set'])).toEqual([0, 0.05, 0.1]);
    for (const p of results.points) {
      expect(Math.abs(p.values['stage']! - p.values['stage_set']!)).toBeLessThanOrEqual(0.001);
      expect(p.values['mean_intensity']).toBeGreaterThan(900);
    }
    const view = await moduleView(bench, 'imaging');
    expect(view).toMatchObject({ state: 'completed', stats: { frame: 3, frames: 3, stage_set: 0.1 } });
    expect(view.stats['mean_intensity']).toBe(results.points[2]!.values['mean_intensity']);

    const text = await recording(bench, run.file!);
    expect(text).toContain('# role camera: camera (mock)\n# role stage: xyz_stage (esp300)\n');
    expect(text).toContain('timestamp,point,stage_set,stage,mean_intensity\n');
    expect(dataRows(text).map((r) => r[2])).toEqual(['0', '0.05', '0.1']);
  });

  it('without a stage it takes the frames only', async () => {
    const bench = await startSimBench(SIM_BENCH);
    await ok(bench, 'UnassignInstrumentFromModule', { moduleId: 'imaging', role: 'stage', persist: false });
    const stage = bench.sim<Esp300Sim>('sim://esp300');
    stage.clearReceived();
    await ok(bench, 'StartModule', { id: 'imaging' });
    const run = await waitForRun(bench, 'imaging', (r) => r.state !== 'running');
    expect(run).toMatchObject({ state: 'completed', done: 3 });
    expect(stage.received.filter((c) => /PA/.test(c))).toEqual([]);
    expect((await ok(bench, 'GetModuleResults', { moduleId: 'imaging' })).columns).toEqual([{ name: 'mean_intensity', unit: 'counts' }]);
  });

  it('Stop keeps the frames taken so far in the file, marked stopped', async () => {
    const bench = await startSimBench(SIM_BENCH.replace('frames = 3', 'frames = 500'));
    await ok(bench, 'StartModule', { id: 'imaging' });
    await waitForRun(bench, 'imaging', (r) => r.done >= 2);
    const { module } = await ok(bench, 'StopModule', { id: 'imaging' });
    expect(module).toMatchObject({ state: 'stopped', run: { state: 'stopped', total: 500 } });
    const text = await recording(bench, module.run!.file!);
    expect(dataRows(text)).toHaveLength(module.run!.done);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/ stopped$/);
  });
});
