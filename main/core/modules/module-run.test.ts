/**
 * Runs and their recordings on a fake host (no core): rows on disk as they come, so a scan cut
 * short keeps a readable partial file; rows recorded while the file is still being opened; a
 * unit that changes mid-run; the file read back and listed; and the ways a run fails by itself
 * (no folder, a step that fails, a setup that no longer runs) or is ended while a step hangs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModuleConfig } from '../../../shared/model/config.js';
import { ModuleRuntime } from './module-runtime.js';
import { ModuleRuns } from './module-runs.js';
import { listRunFiles, readRunFile } from './run-files.js';
import { FakeHost } from './test-support/module-test-kit.js';

const hosts: FakeHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.cleanup();
});

const running = (): boolean => true;
const SCAN: ModuleConfig = { type: 'polarization_scan', roles: { rotator: 'rot', detector: 'pm' }, start_deg: 0, stop_deg: 40, step_deg: 10 };

async function bench(): Promise<FakeHost> {
  const host = await FakeHost.create();
  hosts.push(host);
  host.addInstrument('rot', { type: 'mock', profile: 'stage' }, [{ name: 'position', unit: 'mm' }]);
  host.addInstrument('pm', { type: 'mock', profile: 'power_meter' }, [{ name: 'power', unit: 'W' }]);
  return host;
}

/** Waits until the run of `m` has recorded `n` points. */
async function pointsDone(m: ModuleRuntime, n: number): Promise<void> {
  await vi.waitFor(() => expect(m.run?.done).toBeGreaterThanOrEqual(n));
}

describe('module runs', () => {
  it('writes each row as it comes: a scan stopped halfway leaves a readable partial file, then its end line', async () => {
    const host = await bench();
    const m = new ModuleRuntime('scan', SCAN, new ModuleRuns(host));
    m.start(running);
    await m.run!.ready;
    // Two points get a power reading each; the third waits for one that never comes.
    for (let k = 0; k < 2; k += 1) {
      await vi.waitFor(() => expect(host.actions).toHaveLength(k + 1));
      // Sent once the scan waits for it: a reading from before the move would not count.
      await vi.waitFor(() => expect(host.feed.waiting('pm:power')).toBe(true));
      host.emit('pm:power', (k + 1) * 1e-3);
      await pointsDone(m, k + 1);
    }
    const path = join(host.folder, m.run!.summary().file!);
    await vi.waitFor(async () => expect((await readFile(path, 'utf8')).trimEnd().split('\n').at(-1)).toMatch(/^\S+Z,1,10,10,0\.002$/));
    const partial = await readRunFile(path, 10);
    expect(partial).toMatchObject({ moduleId: 'scan', moduleType: 'polarization_scan', rows: 2, outcome: 'incomplete' });
    expect(partial?.points.map((p) => p.values)).toEqual([
      { angle_set: 0, angle: 0, power: 1e-3 },
      { angle_set: 10, angle: 10, power: 2e-3 },
    ]);
    m.stop();
    await m.run!.finished;
    expect(await readRunFile(path)).toMatchObject({ rows: 2, outcome: 'stopped' });
    expect(host.actions.map((a) => [a.owner, a.instrumentId, a.action, a.args])).toEqual([
      ['scan', 'rot', 'move_to', { position: 0 }],
      ['scan', 'rot', 'move_to', { position: 10 }],
      ['scan', 'rot', 'move_to', { position: 20 }],
    ]);
  });

  it('keeps rows recorded before the file is open, and writes a new units line when a unit changes', async () => {
    const host = await bench();
    const m = new ModuleRuntime('watch', { type: 'power_meter', roles: { power_meter: 'pm' } }, new ModuleRuns(host));
    m.start(running);
    m.observe(host.emit('pm:power', 1e-3, 'W', 1000));
    m.observe(host.emit('pm:power', -30, 'dBm', 2000));
    m.stop('the meter was set to dBm\nby hand');
    await m.run!.finished;
    const path = join(host.folder, m.run!.summary().file!);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      'timestamp,point,power',
      '1970-01-01T00:00:01.000Z,0,0.001',
      '# units: timestamp=UTC ISO 8601, point=index, power=dBm',
      '1970-01-01T00:00:02.000Z,1,-30',
      expect.stringMatching(/^# ended: \S+ stopped: the meter was set to dBm by hand$/),
    ]);
    expect(await readRunFile(path, 5)).toMatchObject({ columns: [{ name: 'power', unit: 'dBm' }], rows: 2, reason: 'the meter was set to dBm by hand' });
  });

  it('lists only recordings, newest first, and a missing folder as none', async () => {
    const host = await bench();
    expect(await listRunFiles(join(host.folder, 'absent'))).toEqual([]);
    await writeFile(join(host.folder, 'notes.csv'), 'a,b\n1,2\n');
    await mkdir(join(host.folder, 'folder.csv'));
    const m = new ModuleRuntime('watch', { type: 'power_meter', roles: { power_meter: 'pm' } }, new ModuleRuns(host));
    m.start(running);
    m.stop();
    await m.run!.finished;
    const listed = await listRunFiles(host.folder);
    expect(listed).toEqual([{ file: m.run!.summary().file, moduleId: 'watch', moduleType: 'power_meter', startedAt: m.run!.summary().startedAt, rows: 0, bytes: expect.any(Number), outcome: 'stopped' }]);
  });

  it('a folder it cannot create fails the run at once: the module is in error with why', async () => {
    const host = await bench();
    await writeFile(join(host.folder, 'blocker'), '');
    host.recordTo = join(host.folder, 'blocker', 'runs');
    const m = new ModuleRuntime('scan', SCAN, new ModuleRuns(host));
    m.start(running);
    await vi.waitFor(() => expect(m.state).toBe('error'));
    expect(m.stateReason).toMatch(/^cannot record in .+blocker\/runs: /);
    expect(m.view()).toMatchObject({ canStart: true, run: { state: 'failed' } });
  });

  it('a step that fails ends the run as failed and the module in error; ended while a step hangs, it closes at once', async () => {
    const host = await bench();
    host.onAction = () => Promise.reject(new Error('stage refused the move'));
    const m = new ModuleRuntime('scan', SCAN, new ModuleRuns(host));
    m.start(running);
    await vi.waitFor(() => expect(m.state).toBe('error'));
    expect([m.stateReason, m.run?.summary().state]).toEqual(['stage refused the move', 'failed']);
    expect(host.logs.at(-1)).toEqual({ level: 'error', message: expect.stringMatching(/^module scan: run failed after 0 point\(s\), recorded in scan_\S+\.csv: stage refused the move$/) });

    host.onAction = () => new Promise(() => undefined); // a device that never answers
    m.start(running);
    await m.run!.ready;
    await vi.waitFor(() => expect(host.actions).toHaveLength(2));
    m.stop();
    await m.run!.finished;
    expect(m.run!.summary()).toMatchObject({ state: 'stopped', done: 0 });
  });

  it('a module put back running whose setup no longer runs fails at once, recording nothing', async () => {
    const host = await bench();
    const m = new ModuleRuntime('scan', SCAN, new ModuleRuns(host));
    m.start(running);
    const saved = m.snapshot();
    m.stop();
    await m.run!.finished;
    host.instruments.delete('pm');
    expect(m.cannotStart()).toBe('instrument "pm" (missing) not running');
    m.restore(saved);
    await vi.waitFor(() => expect(m.state).toBe('error'));
    expect(m.stateReason).toBe('role "detector": no instrument "pm"');
    expect(m.run!.summary()).not.toHaveProperty('file');
    expect((await listRunFiles(host.folder)).map((f) => f.outcome)).toEqual(['stopped']);
  });
});
