/**
 * The power monitor in a running core, fed by a fake meter whose readings carry the times a
 * test gives them (and a fake clock for the run's start): excursion statistics as before, a
 * window of power kept for plotting and bounded, every reading recorded, an instrument error
 * waited out in the same run, and Stop closing the file.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { BASE, FakeDevice, modules, ok, startCore, type Harness } from '../../actor/test-support/test-kit.js';
import { dataRows } from '../test-support/sim-bench-test-kit.js';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

function monitorConfig(windowS: number): string {
  return `${BASE}
[instruments.meter]
type = "newport_1830c"
port = "/dev/ttyUSB0"
[modules.watch]
type = "power_meter"
low_threshold = 1.0e-4
high_threshold = 5.0e-3
window_duration_s = ${windowS}
roles = { power_meter = "meter" }
`;
}

async function startMonitor(windowS: number): Promise<{ h: Harness; dev: FakeDevice; emit: (value: number, t: number) => void }> {
  const dev = new FakeDevice();
  const h = await startCore(monitorConfig(windowS), { drivers: { newport_1830c: dev }, clock: { now: () => T0 } });
  const ctx = dev.ctx('meter');
  return { h, dev, emit: (value, t) => ctx.emit('power', value, 'W', t) };
}

async function fileOf(h: Harness, file: string): Promise<string> {
  const path = join(h.configPath, '..', 'data', file);
  let text = '';
  await vi.waitFor(async () => {
    text = await readFile(path, 'utf8');
    expect(text).toMatch(/# ended: /);
  });
  return text;
}

describe('power monitor', () => {
  it('keeps the excursion counts, a window of power for plotting, and records every reading', async () => {
    const { h, emit } = await startMonitor(1);
    const { module } = await ok(h, 'StartModule', { id: 'watch' });
    expect(module.run).toMatchObject({ state: 'running', done: 0, startedAt: '2026-03-01T09:00:00.000Z' });
    expect(module.run).not.toHaveProperty('total');
    for (let i = 0; i <= 30; i += 1) emit(i === 5 ? 5e-5 : i === 20 ? 1e-2 : 1e-3, T0 + i * 100);
    expect((await modules(h))['watch']?.stats).toEqual({ samples: 31, below: 1, above: 1, last_w: 1e-3 });
    const results = await ok(h, 'GetModuleResults', { moduleId: 'watch' });
    expect(results.columns).toEqual([{ name: 'power', unit: 'W' }]);
    // One second of window: the readings of the last second, by their own times.
    expect(results.points.map((p) => p.time)).toEqual(Array.from({ length: 11 }, (_, k) => T0 + (20 + k) * 100));
    expect(results.points[0]).toEqual({ index: 20, time: T0 + 2000, values: { power: 1e-2 } });

    const { module: stopped } = await ok(h, 'StopModule', { id: 'watch' });
    expect(stopped.run).toMatchObject({ state: 'stopped', done: 31, file: 'watch_20260301_090000.csv' });
    const text = await fileOf(h, 'watch_20260301_090000.csv');
    const rows = dataRows(text);
    expect(rows).toHaveLength(31);
    expect(rows[0]).toEqual(['2026-03-01T09:00:00.000Z', '0', '0.001']);
    expect(rows[5]).toEqual(['2026-03-01T09:00:00.500Z', '5', '0.00005']);
    expect(text).toContain('# role power_meter: meter (newport_1830c)\n# parameters: {"low_threshold":0.0001,"high_threshold":0.005,"window_duration_s":1}\n');
  });

  it('bounds the window to its most recent points however long it is', async () => {
    const { h, emit } = await startMonitor(86_400);
    await ok(h, 'StartModule', { id: 'watch' });
    for (let i = 0; i < 5100; i += 1) emit(1e-3, T0 + i);
    const { points } = await ok(h, 'GetModuleResults', { moduleId: 'watch' });
    expect(points).toHaveLength(5000);
    expect(points[0]?.index).toBe(100);
    await ok(h, 'StopModule', { id: 'watch' });
  });

  it('waits out an instrument error in the same run, counts again once the meter is back, and a second start is a new file', async () => {
    const { h, dev, emit } = await startMonitor(60);
    const first = (await ok(h, 'StartModule', { id: 'watch' })).module.run!;
    emit(1e-3, T0 + 1);
    dev.ctx('meter').fault('cable pulled');
    await vi.waitFor(async () => expect((await modules(h))['watch']).toMatchObject({ state: 'degraded', run: { runId: first.runId, state: 'running' } }));
    dev.ctx('meter').recovered?.();
    await vi.waitFor(async () => expect((await modules(h))['watch']?.state).toBe('running'));
    emit(2e-3, T0 + 2);
    expect((await modules(h))['watch']).toMatchObject({ stats: { samples: 2, last_w: 2e-3 }, run: { runId: first.runId, done: 2 } });
    await ok(h, 'StopModule', { id: 'watch' });
    const second = (await ok(h, 'StartModule', { id: 'watch' })).module.run!;
    expect(second.runId).not.toBe(first.runId);
    await ok(h, 'StopModule', { id: 'watch' });
    await vi.waitFor(async () => expect((await ok(h, 'ListRuns', {})).runs.map((r) => [r.file, r.rows, r.outcome])).toEqual([
      ['watch_20260301_090000_2.csv', 0, 'stopped'],
      ['watch_20260301_090000.csv', 2, 'stopped'],
    ]));
  });
});
