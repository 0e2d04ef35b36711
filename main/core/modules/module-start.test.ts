/**
 * Whether a module can start, as its view tells the GUI (canStart, cannotStartReason) and as
 * StartModule answers: unfilled roles, instruments not running, a storage format this build
 * cannot write, a folder it cannot write to, an axis the stage lacks. Also the shipped config's
 * modules running against its simulators, and a module's results read back after a restart.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCore } from '../index.js';
import { root } from '../actor/test-support/test-kit.js';
import { createSerialDrivers } from '../instruments/serial-drivers.js';
import { fastSerialEnv } from '../instruments/test-support/serial-test-kit.js';
import { eventsOf, moduleView, ok, refused, SIM_BENCH, startSimBench, waitForRun } from './test-support/sim-bench-test-kit.js';

describe('starting a module', () => {
  it('a storage format this build cannot write: Start disabled with the reason, and refused', async () => {
    const bench = await startSimBench(SIM_BENCH.replace('default_format = "csv"', 'default_format = "hdf5"'));
    const reason = 'storage format "hdf5" ([storage] default_format) is not supported in this build; only "csv" is';
    expect(await moduleView(bench, 'pol_scan')).toMatchObject({ state: 'idle', canStart: false, cannotStartReason: reason });
    const err = await refused(bench, 'StartModule', { id: 'pol_scan' }, 'UNAVAILABLE');
    expect(err).toEqual({ code: 'UNAVAILABLE', message: `module "pol_scan" cannot start: ${reason}`, details: { format: 'hdf5' } });
    expect((await ok(bench, 'ListRuns', {})).runs).toEqual([]);
  });

  it('an unfilled role or an instrument that is not running disables Start; the view follows the instrument', async () => {
    const bench = await startSimBench(SIM_BENCH);
    await ok(bench, 'UnassignInstrumentFromModule', { moduleId: 'pol_scan', role: 'detector', persist: false });
    expect(await moduleView(bench, 'pol_scan')).toMatchObject({ canStart: false, cannotStartReason: 'role "detector" unfilled' });
    await ok(bench, 'AssignInstrumentToModule', { moduleId: 'pol_scan', role: 'detector', instrumentId: 'pm_reference', persist: false });
    expect((await moduleView(bench, 'pol_scan')).canStart).toBe(true);

    const from = bench.batches.length;
    bench.env.simulators.unplug('sim://maitai');
    const down = 'instrument "ti_sapph" (error) not running';
    await vi.waitFor(async () => expect(await moduleView(bench, 'pol_scan')).toMatchObject({ canStart: false, cannotStartReason: down }));
    // The GUI hears it without asking: the module's view went out when the laser failed.
    expect(eventsOf({ ...bench, batches: bench.batches.slice(from) }, 'modules:module-changed').map((e) => e.module)).toContainEqual(
      expect.objectContaining({ id: 'pol_scan', canStart: false, cannotStartReason: down }),
    );
    expect((await refused(bench, 'StartModule', { id: 'pol_scan' }, 'INVALID_STATE')).message).toBe('module "pol_scan" cannot start: instrument "ti_sapph" not running');
    bench.env.simulators.replug('sim://maitai');
    await vi.waitFor(async () => expect((await moduleView(bench, 'pol_scan')).canStart).toBe(true), { timeout: 5000 });
  });

  it('a rotator axis the instrument does not have is refused before anything moves', async () => {
    const bench = await startSimBench(SIM_BENCH.replace('step_deg = 5.0', 'step_deg = 5.0\nrotator_axis = 7'));
    const reason = 'rotator_axis 7: hwp_rotator has no mount at that bus address (device_addresses: 0, 1)';
    expect(await moduleView(bench, 'pol_scan')).toMatchObject({ canStart: false, cannotStartReason: reason });
    expect((await refused(bench, 'StartModule', { id: 'pol_scan' }, 'VALIDATION')).message).toBe(`module "pol_scan" cannot start: ${reason}`);
  });

  it('a storage folder that cannot be made is refused at Start, naming it', async () => {
    const bench = await startSimBench(SIM_BENCH.replace('default_path = "runs"', 'default_path = "bench.toml/runs"'));
    const err = await refused(bench, 'StartModule', { id: 'imaging' }, 'UNAVAILABLE');
    expect(err.message).toMatch(new RegExp(`^module "imaging" cannot start: cannot record in ${bench.dir}/bench\\.toml/runs: `));
    expect((await moduleView(bench, 'imaging')).state).toBe('idle');
  });

  it('a config folder moved away is not made again to record in: Start is refused, naming why', async () => {
    const bench = await startSimBench(SIM_BENCH);
    const away = `${bench.dir}-away`;
    await rename(bench.dir, away);
    try {
      const err = await refused(bench, 'StartModule', { id: 'imaging' }, 'UNAVAILABLE');
      expect(err.message).toBe(`module "imaging" cannot start: cannot record in ${bench.dir}/runs: the folder it goes in, ${bench.dir}, does not exist (moved, renamed or a drive not mounted); the app does not make it`);
      expect(existsSync(bench.dir)).toBe(false);
    } finally {
      await rename(away, bench.dir);
    }
    await ok(bench, 'StartModule', { id: 'imaging' });
    expect(existsSync(join(bench.dir, 'runs'))).toBe(true);
  });

  it('a scan in the shipped config runs on its simulators, and its results are read back from the file after a restart', async () => {
    const shipped = await readFile(join(root, 'config/default.toml'), 'utf8');
    const text = shipped.replace('stop_deg = 180.0', 'stop_deg = 4.0').replace(/polling_rate_hz = 2\.0/g, 'polling_rate_hz = 20.0');
    const bench = await startSimBench(text);
    await ok(bench, 'StartModule', { id: 'pol_scan' });
    const run = await waitForRun(bench, 'pol_scan', (r) => r.state !== 'running');
    expect(run).toMatchObject({ state: 'completed', done: 3, total: 3 });
    const before = await ok(bench, 'GetModuleResults', { moduleId: 'pol_scan' });
    await bench.core.stop();

    // A new core on the same folder has no run in memory: the newest recording answers.
    await writeFile(bench.configPath, text);
    const again = createCore({ configPath: bench.configPath, hotReload: false, drivers: createSerialDrivers(fastSerialEnv()) });
    await again.start();
    try {
      const r = await again.invoke('GetModuleResults', { moduleId: 'pol_scan' });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.columns).toEqual(before.columns);
      expect(r.value.points).toEqual(before.points);
      expect(r.value.run).toMatchObject({ moduleId: 'pol_scan', state: 'completed', done: 3, file: run.file, startedAt: run.startedAt });
      const none = await again.invoke('GetModuleResults', { moduleId: 'imaging' });
      expect(none).toEqual({ ok: true, value: { moduleId: 'imaging', run: null, columns: [], points: [] } });
    } finally {
      await again.stop();
    }
  });
});
