/**
 * Processor chains in the running core: an instrument added at runtime (AddInstrumentDynamic)
 * on a simulated 1830-C behind a real pty streams its readings through its IIR low-pass, and a
 * chain from the config file applies from start-up.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../../../shared/model/runtime.js';
import { createCore, type Core } from '../index.js';
import { createSerialDrivers } from '../instruments/serial-drivers.js';
import { fastSerialEnv, PtyBench } from '../instruments/test-support/serial-test-kit.js';
import { Newport1830cSim } from '../serial/index.js';

const BASE = `log_level = "info"
[application]
[storage]
default_path = "data"
`;

const bench = new PtyBench();
let core: Core | undefined;
let dir: string | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await bench.cleanup();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function startCore(text: string): Promise<{ core: Core; readings: Reading[] }> {
  dir = await mkdtemp(join(tmpdir(), 'daq-proc-'));
  dirs.push(dir);
  const configPath = join(dir, 'config.toml');
  await writeFile(configPath, text);
  const c = createCore({ configPath, readingsIntervalMs: 5, drivers: createSerialDrivers(fastSerialEnv()) });
  const readings: Reading[] = [];
  c.onEvents((batch) => {
    for (const e of batch.events) if (e.type === 'instruments:readings') readings.push(...e.readings);
  });
  await c.start();
  core = c;
  return { core: c, readings };
}

describe('processors in the core', () => {
  it('an instrument added at runtime on a simulated port streams through its IIR low-pass: a step comes out smoothed', async () => {
    const sim = new Newport1830cSim({ powerW: 1e-3, ripple: 0, noise: 0 });
    const served = await bench.serve(sim);
    const { core, readings } = await startCore(BASE);
    const added = await core.invoke('AddInstrumentDynamic', {
      id: 'pm_new',
      config: { type: 'newport_1830c', port: served.link, polling_rate_hz: 20 },
      processors: [{ type: 'iir', filter_type: 'Lowpass', f0: 1, fs: 20 }],
      persist: false,
    });
    expect(added).toMatchObject({ ok: true, value: { instrument: { id: 'pm_new', status: 'running' } } });
    const power = (): number[] => readings.filter((r) => r.channel === 'pm_new:power').map((r) => r.value);
    await vi.waitFor(() => expect(power().length).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    expect(power().every((v) => Math.abs(v - 1e-3) < 1e-9)).toBe(true); // steady, and no ramp up from zero
    const stepAt = power().length;
    sim.state.powerW = 2e-3;
    await vi.waitFor(() => expect(Math.max(...power().slice(stepAt))).toBeGreaterThan(1.95e-3), { timeout: 5000 });
    const after = power().slice(stepAt).filter((v) => v > 1.0001e-3);
    // The raw meter only ever read 1 mW or 2 mW; the filter shows the way between, rising.
    expect(after.filter((v) => v > 1.05e-3 && v < 1.9e-3).length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < 5; i += 1) expect(after[i]).toBeGreaterThan(after[i - 1]!);
    expect(after[0]).toBeLessThan(1.2e-3);
    const settings = await core.invoke('GetSettings', {});
    expect(settings.ok && settings.value.settings?.['processors']).toEqual({ pm_new: [{ type: 'iir', filter_type: 'Lowpass', f0: 1, fs: 20 }] });
  });

  it('writes the chain of an added instrument into [processors] of the file, so it survives a restart', async () => {
    const { core } = await startCore(BASE);
    const r = await core.invoke('AddInstrumentDynamic', {
      id: 'pm_new',
      config: { type: 'newport_1830c', port: 'sim://newport_1830c' },
      processors: [{ type: 'iir', filter_type: 'Highpass', f0: 0.5, fs: 10 }],
    });
    expect(r).toMatchObject({ ok: true, value: { persisted: true } });
    const text = await readFile(join(dir!, 'config.toml'), 'utf8');
    expect(text).toContain('[processors]\npm_new = [{ type = "iir", filter_type = "Highpass", f0 = 0.5, fs = 10 }]');
    await core.stop();
    const { core: again } = await startCore(text);
    const settings = await again.invoke('GetSettings', {});
    expect(settings.ok && settings.value.settings?.['processors']).toEqual({ pm_new: [{ type: 'iir', filter_type: 'Highpass', f0: 0.5, fs: 10 }] });
  });

  it('refuses a processor chain with a cutoff above Nyquist before touching the device', async () => {
    const { core } = await startCore(BASE);
    const r = await core.call('AddInstrumentDynamic', {
      id: 'pm_bad',
      config: { type: 'newport_1830c', port: 'sim://newport_1830c' },
      processors: [{ type: 'iir', filter_type: 'Lowpass', f0: 15, fs: 20 }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('processors.0.f0: must be below fs/2 (the Nyquist frequency)') } });
  });

  it('applies a chain from the config file from start-up: a high-pass takes the DC of the meter away', async () => {
    const { readings } = await startCore(`${BASE}
[instruments.pm]
type = "newport_1830c"
port = "sim://newport_1830c"
polling_rate_hz = 20.0

[processors]
pm = [ { type = "iir", filter_type = "Highpass", f0 = 2.0, fs = 20.0 } ]
`);
    await vi.waitFor(() => expect(readings.filter((r) => r.channel === 'pm:power').length).toBeGreaterThan(5), { timeout: 3000 });
    // Raw readings are about 1e-3 W; what leaves the core is the filtered residue around zero.
    for (const r of readings.filter((x) => x.channel === 'pm:power')) expect(Math.abs(r.value)).toBeLessThan(2e-5);
  });
});
