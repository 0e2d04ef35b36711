/**
 * The polarisation scan in a running core against the in-process simulators (`sim://` ports):
 * the rotator stepped with the exact ELL14 bytes, a fresh detector reading and the laser's
 * wavelength per point, progress and point events, the recording with its header, and the
 * ways a scan ends early (Stop, a forced removal, an instrument error) with a partial file.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { transmissionAt, type ElliptecSim } from '../../serial/index.js';
import { dataRows, eventsOf, moduleView, ok, recording, refused, SIM_BENCH, startSimBench, waitForRun } from '../test-support/sim-bench-test-kit.js';

/** `0ma` and eight hex digits of pulses (143360 per turn). */
const moveBytes = (address: number, degrees: number): string => `${address}ma${(Math.round((degrees / 360) * 143360) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** The same bench with a scan long enough to be stopped halfway. */
const LONG_SCAN = SIM_BENCH.replace('stop_deg = 20.0', 'stop_deg = 180.0').replace('step_deg = 5.0', 'step_deg = 2.0');

describe('polarization scan', () => {
  it('steps the rotator start to stop, takes a fresh power and the wavelength per point, records every point and completes', async () => {
    const bench = await startSimBench(SIM_BENCH);
    const rotator = bench.sim<ElliptecSim>('sim://elliptec');
    expect((await moduleView(bench, 'pol_scan')).canStart).toBe(true);
    rotator.clearReceived();
    const started = await ok(bench, 'StartModule', { id: 'pol_scan' });
    expect(started.module).toMatchObject({ state: 'running', canStart: false, cannotStartReason: 'already running', run: { state: 'running', done: 0, total: 5 } });
    const run = await waitForRun(bench, 'pol_scan', (r) => r.state !== 'running');
    expect(run).toMatchObject({ state: 'completed', done: 5, total: 5, file: expect.stringMatching(/^pol_scan_\d{8}_\d{6}\.csv$/) });
    const view = await moduleView(bench, 'pol_scan');
    expect(view).toMatchObject({ state: 'completed', canStart: true, stats: { point: 5, points: 5 } });
    expect(view.stats['angle_deg']).toBeCloseTo(20, 2);

    // The simulator saw one absolute move per angle, in order, among the position polls.
    expect(rotator.received.filter((c) => c.startsWith('0ma'))).toEqual([0, 5, 10, 15, 20].map((a) => moveBytes(0, a)));
    expect(rotator.mounts.get(0)!.target).toBe(Math.round((20 / 360) * 143360));

    // Points for plotting, in the answer and as events; progress went up one point at a time.
    const results = await ok(bench, 'GetModuleResults', { moduleId: 'pol_scan' });
    expect(results.columns).toEqual([
      { name: 'angle_set', unit: 'deg' },
      { name: 'angle', unit: 'deg' },
      { name: 'power', unit: 'W' },
      { name: 'wavelength', unit: 'nm' },
    ]);
    expect(results.points.map((p) => p.values['angle_set'])).toEqual([0, 5, 10, 15, 20]);
    for (const p of results.points) {
      expect(p.values['angle']).toBeCloseTo(p.values['angle_set']!, 2);
      // The simulated meter sits behind the plate and a polariser: Malus's law, within the
      // meter's 2 % wobble and its noise.
      expect(p.values['power']! / (1e-3 * transmissionAt(p.values['angle']!))).toBeCloseTo(1, 1);
      expect(p.values['wavelength']).toBe(800);
    }
    const streamed = eventsOf(bench, 'modules:run-points').flatMap((e) => e.points);
    expect(streamed.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    const progress = eventsOf(bench, 'modules:run-changed').map((e) => e.run.done);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(eventsOf(bench, 'modules:run-changed').at(-1)?.run).toMatchObject({ state: 'completed', done: 5 });

    // The recording: header with roles, units and the revision of the config file, then one row per point.
    const text = await recording(bench, run.file!);
    const revision = createHash('sha256').update(await readFile(bench.configPath)).digest('hex');
    expect(text.split('\n').slice(0, 12)).toEqual([
      '# DAQ Studio run recording',
      '# module: pol_scan',
      '# module_type: polarization_scan',
      expect.stringMatching(/^# started: \d{4}-\d\d-\d\dT/),
      '# config_file: bench.toml',
      `# config_revision: sha256:${revision}`,
      '# role rotator: hwp_rotator (elliptec)',
      '# role detector: pm_reference (newport_1830c)',
      '# role laser: ti_sapph (maitai)',
      '# parameters: {"start_deg":0,"stop_deg":20,"step_deg":5}',
      '# units: timestamp=UTC ISO 8601, point=index, angle_set=deg, angle=deg, power=W, wavelength=nm',
      'timestamp,point,angle_set,angle,power,wavelength',
    ]);
    expect(dataRows(text).map((r) => [r[1], r[2]])).toEqual([0, 5, 10, 15, 20].map((a, i) => [String(i), String(a)]));
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^# ended: \S+ completed$/);

    const { runs, folder } = await ok(bench, 'ListRuns', {});
    expect(folder).toBe(`${bench.dir}/runs`);
    expect(runs).toEqual([{ file: run.file, moduleId: 'pol_scan', moduleType: 'polarization_scan', startedAt: run.startedAt, rows: 5, bytes: Buffer.byteLength(text), outcome: 'completed' }]);
  });

  it('Stop ends it between points: the module is stopped and the file keeps the rows it had, marked stopped', async () => {
    const bench = await startSimBench(LONG_SCAN);
    await ok(bench, 'StartModule', { id: 'pol_scan' });
    await waitForRun(bench, 'pol_scan', (r) => r.done >= 3);
    const stopped = await ok(bench, 'StopModule', { id: 'pol_scan' });
    expect(stopped.module).toMatchObject({ state: 'stopped', canStart: true, run: { state: 'stopped', total: 91 } });
    const done = stopped.module.run!.done;
    expect(done).toBeLessThan(91);
    const text = await recording(bench, stopped.module.run!.file!);
    expect(dataRows(text)).toHaveLength(done);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^# ended: \S+ stopped$/);
    const [listed] = (await ok(bench, 'ListRuns', {})).runs;
    expect(listed).toMatchObject({ rows: done, outcome: 'stopped' });
  });

  it('a forced removal of its detector ends it with the reason kept in the module, the run and the file', async () => {
    const bench = await startSimBench(LONG_SCAN);
    await ok(bench, 'StartModule', { id: 'pol_scan' });
    await waitForRun(bench, 'pol_scan', (r) => r.done >= 2);
    await ok(bench, 'RemoveInstrumentDynamic', { id: 'pm_reference', force: true, persist: false });
    const view = await moduleView(bench, 'pol_scan');
    const reason = 'role "detector" lost instrument "pm_reference"';
    expect(view).toMatchObject({ state: 'degraded', stateReason: reason, canStart: false, cannotStartReason: 'role "detector" unfilled', run: { state: 'stopped', reason } });
    const text = await recording(bench, view.run!.file!);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^# ended: \\S+ stopped: ${reason.replace(/"/g, '"')}$`));
    expect(dataRows(text).length).toBe(view.run!.done);
  });

  it('an instrument error ends it as failed (the module in error with the instrument’s reason), the file marked failed', async () => {
    const bench = await startSimBench(LONG_SCAN);
    await ok(bench, 'StartModule', { id: 'pol_scan' });
    await waitForRun(bench, 'pol_scan', (r) => r.done >= 2);
    bench.env.simulators.unplug('sim://newport_1830c/reference');
    const run = await waitForRun(bench, 'pol_scan', (r) => r.state !== 'running');
    const reason = 'instrument pm_reference: port sim://newport_1830c/reference disconnected, reconnecting';
    expect(run).toMatchObject({ state: 'failed', reason });
    expect(await moduleView(bench, 'pol_scan')).toMatchObject({ state: 'error', stateReason: reason, canStart: false });
    const text = await recording(bench, run.file!);
    expect(text.trimEnd().split('\n').at(-1)).toBe(`# ended: ${run.endedAt} failed: ${reason}`);
    expect(dataRows(text).length).toBe(run.done);
  });

  it('while it runs, moving its rotator by hand is refused naming the module; stopping the rotator is not', async () => {
    const bench = await startSimBench(LONG_SCAN);
    await ok(bench, 'StartModule', { id: 'pol_scan' });
    const err = await refused(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'move_to', args: { address: 1, angle: 90 } }, 'IN_USE');
    expect(err.message).toBe('instrument "hwp_rotator" is moved by module "pol_scan" (its rotator), which is running; stop the module before moving it by hand');
    expect(err.details).toEqual({ id: 'hwp_rotator', moduleId: 'pol_scan', role: 'rotator' });
    await refused(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'home', args: { address: 0 } }, 'IN_USE');
    // Its detector is not moved, so the meter can still be zeroed; stop always goes through.
    await ok(bench, 'InstrumentAction', { id: 'pm_reference', action: 'zero' });
    await ok(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'stop', args: { address: 1 } });
    await ok(bench, 'StopModule', { id: 'pol_scan' });
    expect(await ok(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'move_to', args: { address: 1, angle: 90 } })).toMatchObject({ completed: true, position: expect.closeTo(90, 2) });
  });
});
