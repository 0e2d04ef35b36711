/**
 * Serial instruments in the running core, over real ptys: a pulled cable shows as status error
 * "port … disconnected, reconnecting" and the instrument comes back to running by itself when
 * the port returns (no restart, no command); a warning from the port reaches the log.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentView, LogEntry, Reading } from '../../../shared/model/runtime.js';
import { createCore, type Core } from '../index.js';
import { ElliptecSim, Esp300Sim } from '../serial/index.js';
import { createSerialDrivers } from './serial-drivers.js';
import { fastSerialEnv, PtyBench } from './test-support/serial-test-kit.js';

const bench = new PtyBench();
let core: Core | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await bench.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startCore() {
  dir = await mkdtemp(join(tmpdir(), 'daq-core-serial-'));
  const configPath = join(dir, 'config.toml');
  await writeFile(configPath, 'log_level = "info"\n[application]\n[storage]\ndefault_path = "data"\n');
  const c = createCore({ configPath, readingsIntervalMs: 5, drivers: createSerialDrivers(fastSerialEnv()) });
  const readings: Reading[] = [];
  const logs: LogEntry[] = [];
  const views: InstrumentView[] = [];
  c.onEvents((batch) => {
    for (const e of batch.events) {
      if (e.type === 'instruments:readings') readings.push(...e.readings);
      if (e.type === 'app:log') logs.push(e.entry);
      if (e.type === 'instruments:instrument-changed') views.push(e.instrument);
    }
  });
  await c.start();
  core = c;
  return { core: c, readings, logs, views };
}

async function status(c: Core, id: string): Promise<[string, string | undefined]> {
  const list = await c.invoke('ListInstruments', {});
  const view = list.ok ? list.value.instruments.find((i) => i.id === id) : undefined;
  return [view?.status ?? 'missing', view?.statusReason];
}

describe('serial instruments in the core', () => {
  it('an unplugged bus shows "disconnected, reconnecting" and returns to running when plugged back in', async () => {
    const served = await bench.serve(new ElliptecSim({ addresses: [0, 1] }));
    const { core, readings, views } = await startCore();
    const added = await core.invoke('AddInstrumentDynamic', { id: 'rotators', config: { type: 'elliptec', port: served.link, device_addresses: [0, 1], polling_rate_hz: 20 }, persist: false });
    expect(added).toMatchObject({ ok: true, value: { instrument: { status: 'running', channels: [{ name: 'device0_position' }, { name: 'device1_position' }] } } });
    await vi.waitFor(() => expect(readings.some((r) => r.channel === 'rotators:device1_position')).toBe(true), { timeout: 3000 });

    await served.unplug();
    await vi.waitFor(async () => expect(await status(core, 'rotators')).toEqual(['error', `port ${served.link} disconnected, reconnecting`]), { timeout: 3000 });
    expect(views.at(-1)).toMatchObject({ id: 'rotators', status: 'error', statusReason: `port ${served.link} disconnected, reconnecting` });

    await served.replug();
    await vi.waitFor(async () => expect(await status(core, 'rotators')).toEqual(['running', undefined]), { timeout: 5000 });
    const before = readings.length;
    await vi.waitFor(() => expect(readings.slice(before).some((r) => r.channel === 'rotators:device0_position')).toBe(true), { timeout: 3000 });
  });

  it('a port that cannot take RTS/DTR (a pty) runs, with a warning in the log naming the instrument', async () => {
    const served = await bench.serve(new Esp300Sim());
    const { core, logs } = await startCore();
    const added = await core.invoke('AddInstrumentDynamic', { id: 'stage', config: { type: 'esp300', port: served.link, num_axes: 2 }, persist: false });
    expect(added).toMatchObject({ ok: true, value: { instrument: { status: 'running' } } });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', source: 'stage', message: expect.stringMatching(/^stage: could not raise RTS\/DTR on /) }));
  });

  it('adding an instrument on a port that does not exist answers why, naming the port', async () => {
    const { core } = await startCore();
    const r = await core.invoke('AddInstrumentDynamic', { id: 'pm', config: { type: 'newport_1830c', port: '/dev/ttyDAQ-test-absent' }, persist: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('serial port /dev/ttyDAQ-test-absent does not exist') } });
  });
});
