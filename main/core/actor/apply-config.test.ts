/**
 * Applying a config diff through the real core: real files, `ReloadConfig` after each edit,
 * fake mock drivers where a refusal or a fault is the point, simulated serial instruments
 * where ports change hands. Covers what an undone apply must put back, instruments that cannot
 * connect, processor chains, module parameters and roles, port moves and modules following
 * their instruments' status.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DaqEvent, EventBatch } from '../../../shared/ipc/contract.js';
import type { Reading } from '../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../index.js';
import type { DriverContext, DriverFactory } from '../instruments/index.js';

const HEAD = `log_level = "info"
[application]
[storage]
default_path = "data"
`;

const BASE = `${HEAD}
[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0
amplitude = 1.0

[instruments.pm2]
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0

[modules.power_watch]
type = "power_meter"
high_threshold = 0.005
[modules.power_watch.roles]
power_meter = "pm"
`;

/** The fake mock driver's handles: each instrument's latest driver context and its connects. */
interface Bench {
  readonly contexts: Map<string, DriverContext>;
  readonly connects: Map<string, number>;
}

/** Connects at once, emits only what a test makes it emit, refuses `amplitude = 9` live. */
function fakeMock(bench: Bench): DriverFactory {
  return (ctx) => {
    bench.contexts.set(ctx.id, ctx);
    return {
      connect: async () => {
        bench.connects.set(ctx.id, (bench.connects.get(ctx.id) ?? 0) + 1);
      },
      applyParameter: async (path, value) => {
        if (path === 'amplitude' && value === 9) throw new Error('amplifier saturated');
      },
      disconnect: async () => undefined,
    };
  };
}

interface Harness {
  core: Core;
  path: string;
  bench: Bench;
  events: DaqEvent[];
  readings: Reading[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(text: string, deps: Partial<CoreDeps> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-apply-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.toml');
  await writeFile(path, text);
  const bench: Bench = { contexts: new Map(), connects: new Map() };
  const drivers = { mock: fakeMock(bench), ...deps.drivers };
  const core = createCore({ configPath: path, hotReload: false, readingsIntervalMs: 10, ...deps, drivers });
  const h: Harness = { core, path, bench, events: [], readings: [] };
  core.onEvents((b: EventBatch) => {
    for (const e of b.events) {
      if (e.type === 'instruments:readings') h.readings.push(...e.readings);
      else h.events.push(e);
    }
  });
  await core.start();
  cleanups.push(() => core.stop());
  return h;
}

async function reload(h: Harness, text: string) {
  await writeFile(h.path, text);
  const r = await h.core.invoke('ReloadConfig', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function instrument(h: Harness, id: string) {
  const r = await h.core.invoke('ListInstruments', {});
  return r.ok ? r.value.instruments.find((i) => i.id === id) : undefined;
}

async function module(h: Harness, id: string) {
  const r = await h.core.invoke('ListModules', {});
  return r.ok ? r.value.modules.find((m) => m.id === id) : undefined;
}

/** Emits one reading through the instrument's current driver. */
function emit(h: Harness, id: string, channel: string, value: number): void {
  h.bench.contexts.get(id)?.emit(channel, value, 'W');
}

const refused = (text: string): string => text.replace('amplitude = 1.0', 'amplitude = 9.0');

describe('an undone apply puts everything back', () => {
  it('a running module whose parameter was part of the undone edit is running again, with its old value', async () => {
    const h = await start(BASE);
    await h.core.invoke('StartModule', { id: 'power_watch' });
    const s = await reload(h, refused(BASE).replace('high_threshold = 0.005', 'high_threshold = 0.007'));
    expect(s).toMatchObject({ outcome: 'failed', summary: expect.stringMatching(/undone: instrument "pm" did not take the change: .*amplifier saturated/) });
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'running', params: { high_threshold: 0.005 } });
  });

  it('a running module whose role change was undone is running again on its old instrument', async () => {
    const h = await start(BASE);
    await h.core.invoke('StartModule', { id: 'power_watch' });
    const s = await reload(h, refused(BASE).replace('power_meter = "pm"', 'power_meter = "pm2"'));
    expect(s.outcome).toBe('failed');
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'running', roles: { power_meter: 'pm' } });
    expect((await instrument(h, 'pm'))?.usedBy).toEqual([{ moduleId: 'power_watch', role: 'power_meter' }]);
  });

  it('an instrument the undone edit had started is announced as removed (no ghost row in the GUI)', async () => {
    const h = await start(BASE);
    h.events.length = 0;
    const s = await reload(h, `${refused(BASE)}\n[instruments.extra]\ntype = "mock"\nsample_rate_hz = 1.0\n`);
    expect(s.outcome).toBe('failed');
    expect(await instrument(h, 'extra')).toBeUndefined();
    const aboutExtra = h.events.filter((e) => (e.type === 'instruments:instrument-changed' && e.instrument.id === 'extra') || (e.type === 'instruments:instrument-removed' && e.id === 'extra'));
    expect(aboutExtra.length).toBeGreaterThan(1);
    expect(aboutExtra.at(-1)).toEqual({ type: 'instruments:instrument-removed', id: 'extra' });
  });
});

describe('an added instrument that cannot connect', () => {
  it('stays, in error with its reason, and the rest of the reload is applied', async () => {
    const h = await start(BASE);
    const s = await reload(h, `${BASE.replace('amplitude = 1.0', 'amplitude = 2.0')}\n[instruments.cam]\ntype = "pvcam"\n`);
    expect(s).toMatchObject({ outcome: 'applied', summary: 'pm.amplitude 1 → 2; added cam' });
    expect(await instrument(h, 'cam')).toMatchObject({ status: 'error', statusReason: 'the PVCAM camera SDK is not available on this machine' });
    expect((await instrument(h, 'pm'))?.config['amplitude']).toBe(2);
  });

  it('does not keep an app that started with an invalid file from coming up once it is fixed', async () => {
    const fixed = `${BASE}\n[instruments.cam]\ntype = "pvcam"\n`;
    const h = await start(fixed.replace('log_level = "info"', 'log_level = "loud"'));
    const s = await reload(h, fixed);
    expect(s.outcome).toBe('applied');
    expect((await instrument(h, 'pm'))?.status).toBe('running');
    expect((await instrument(h, 'cam'))?.status).toBe('error');
    expect((await module(h, 'power_watch'))?.state).toBe('idle');
  });

  it('keeps trying, as at start-up, and comes up once its device answers', async () => {
    let attempts = 0;
    const late: DriverFactory = () => ({
      connect: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('camera still powering up');
      },
      applyParameter: async () => undefined,
      disconnect: async () => undefined,
    });
    const h = await start(BASE, { drivers: { pvcam: late } });
    expect((await reload(h, `${BASE}\n[instruments.cam]\ntype = "pvcam"\n`)).outcome).toBe('applied');
    expect(await instrument(h, 'cam')).toMatchObject({ status: 'error', statusReason: 'camera still powering up' });
    await expect.poll(async () => (await instrument(h, 'cam'))?.status, { timeout: 5000 }).toBe('running');
  });
});

describe('processor chains', () => {
  it('a changed chain restarts its instrument with a fresh runtime, so the new chain processes its readings', async () => {
    const h = await start(BASE);
    const before = h.bench.connects.get('pm');
    const s = await reload(h, `${BASE}\n[processors]\npm = [{ type = "fft", window_size = 2, overlap = 0, sampling_rate = 2.0 }]\n`);
    expect(s).toMatchObject({ outcome: 'applied', summary: 'processors of pm' });
    expect(h.bench.connects.get('pm')).toBe((before ?? 0) + 1);
    expect((await instrument(h, 'pm'))?.status).toBe('running');
    emit(h, 'pm', 'power', 1e-3);
    emit(h, 'pm', 'power', 2e-3);
    await expect.poll(() => h.readings.some((r) => r.channel === 'pm:power_fft_peak_hz'), { timeout: 2000 }).toBe(true);
  });
});

describe('module edits', () => {
  it('a parameter-only edit of a running module updates it in place, keeping its state and stats', async () => {
    const h = await start(BASE);
    await h.core.invoke('StartModule', { id: 'power_watch' });
    emit(h, 'pm', 'power', 6e-3); // above 5 mW
    const s = await reload(h, BASE.replace('high_threshold = 0.005', 'high_threshold = 0.01'));
    expect(s).toMatchObject({ outcome: 'applied', summary: 'power_watch.high_threshold 0.005 → 0.01' });
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'running', params: { high_threshold: 0.01 }, stats: { samples: 1, above: 1 } });
    emit(h, 'pm', 'power', 6e-3); // no longer above: the new threshold is in effect
    expect((await module(h, 'power_watch'))?.stats).toMatchObject({ samples: 2, above: 1 });
  });

  it('a role change stops a running module and says so in the log', async () => {
    const h = await start(BASE);
    await h.core.invoke('StartModule', { id: 'power_watch' });
    const s = await reload(h, BASE.replace('power_meter = "pm"', 'power_meter = "pm2"'));
    expect(s.outcome).toBe('applied');
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'stopped', roles: { power_meter: 'pm2' } });
    const state = await h.core.invoke('GetAppState', {});
    const warning = state.ok ? state.value.log.find((l) => l.level === 'warn' && l.message.includes('power_watch')) : undefined;
    expect(warning?.message).toBe('module power_watch was stopped because its roles changed (power_meter pm → pm2); start it again when ready');
  });
});

describe('serial ports changing hands in one reload', () => {
  const SERIAL = `${HEAD}
[instruments.a]
type = "newport_1830c"
port = "sim://newport_1830c/a"

[instruments.b]
type = "newport_1830c"
port = "sim://newport_1830c/b"

[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0
amplitude = 1.0

[modules.watch_a]
type = "power_meter"
[modules.watch_a.roles]
power_meter = "a"
`;
  const swapped = SERIAL.replace('newport_1830c/a"', 'newport_1830c/x"').replace('newport_1830c/b"', 'newport_1830c/a"').replace('newport_1830c/x"', 'newport_1830c/b"');
  const ports = async (h: Harness) => [(await instrument(h, 'a'))?.config['port'], (await instrument(h, 'b'))?.config['port']];

  it('two instruments swap their ports; a module using one keeps running', async () => {
    const h = await start(SERIAL);
    await h.core.invoke('StartModule', { id: 'watch_a' });
    expect(await reload(h, swapped)).toMatchObject({ outcome: 'applied' });
    expect(await ports(h)).toEqual(['sim://newport_1830c/b', 'sim://newport_1830c/a']);
    expect([(await instrument(h, 'a'))?.status, (await instrument(h, 'b'))?.status]).toEqual(['running', 'running']);
    expect((await module(h, 'watch_a'))?.state).toBe('running');
  });

  it('one instrument moves off a port and an added one takes it', async () => {
    const h = await start(SERIAL);
    const edit = `${SERIAL.replace('newport_1830c/a"', 'newport_1830c/c"')}\n[instruments.n]\ntype = "newport_1830c"\nport = "sim://newport_1830c/a"\n`;
    expect(await reload(h, edit)).toMatchObject({ outcome: 'applied', summary: 'a.port sim://newport_1830c/a → sim://newport_1830c/c; added n' });
    for (const id of ['a', 'b', 'n']) expect((await instrument(h, id))?.status).toBe('running');
  });

  it('an undone swap gives both instruments their old ports back, running', async () => {
    const h = await start(SERIAL);
    expect((await reload(h, refused(swapped))).outcome).toBe('failed');
    expect(await ports(h)).toEqual(['sim://newport_1830c/a', 'sim://newport_1830c/b']);
    expect([(await instrument(h, 'a'))?.status, (await instrument(h, 'b'))?.status]).toEqual(['running', 'running']);
    expect((await instrument(h, 'pm'))?.config['amplitude']).toBe(1);
  });
});

describe('modules follow the status of their instruments', () => {
  it('a running module degrades while its instrument is in error and runs again when it recovers', async () => {
    const h = await start(BASE);
    await h.core.invoke('StartModule', { id: 'power_watch' });
    emit(h, 'pm', 'power', 1e-3);
    h.events.length = 0;
    h.bench.contexts.get('pm')?.fault('cable pulled');
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'degraded', stateReason: 'instrument pm: cable pulled' });
    expect(h.events).toContainEqual({ type: 'modules:module-changed', module: expect.objectContaining({ id: 'power_watch', state: 'degraded' }) });
    h.bench.contexts.get('pm')?.recovered?.();
    expect(await module(h, 'power_watch')).toMatchObject({ state: 'running', stats: { samples: 1 } });
    expect(h.events.filter((e) => e.type === 'modules:module-changed').at(-1)).toMatchObject({ module: { state: 'running' } });
  });

  it('a module that is not running stays as it is', async () => {
    const h = await start(BASE);
    h.bench.contexts.get('pm')?.fault('cable pulled');
    // A fault only counts while the instrument runs; a failed reconnect shows the same way.
    expect((await instrument(h, 'pm'))?.status).toBe('error');
    expect((await module(h, 'power_watch'))?.state).toBe('idle');
  });
});
