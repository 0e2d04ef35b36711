/**
 * The actor end to end: a real core on a temp copy of a config file, with fake drivers injected
 * through `createCore({drivers})` where a test needs a device that fails, hangs, refuses a
 * parameter or records what it was asked. Every answer is checked against the contract.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appErrorSchema, type AppErrorData, type Result } from '../../../shared/errors.js';
import { commands, type CommandName, type CommandResponse, type DaqEvent, type EventBatch } from '../../../shared/ipc/contract.js';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { InstrumentType } from '../../../shared/model/instrument-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentView, LogEntry, ModuleView } from '../../../shared/model/runtime.js';
import { createCore, type Core, type CoreDeps } from '../index.js';
import type { DriverContext, DriverFactory } from '../instruments/index.js';

const root = resolve(import.meta.dirname, '../../..');

const BASE = `log_level = "info"
[application]
[storage]
default_path = "data"
`;

/** A power-meter mock used by a power monitor, a plain signal mock with a processor chain. */
const BENCH = `${BASE}
[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 50.0

[instruments.sig]
type = "mock"
name = "Signal"
sample_rate_hz = 10.0

[processors]
sig = [ { type = "iir", filter_type = "Lowpass", f0 = 1.0, fs = 10.0 } ]

[modules.watch]
type = "power_meter"
low_threshold = 1.0e-4
high_threshold = 5.0e-3
[modules.watch.roles]
power_meter = "pm"
`;

// ---------------------------------------------------------------------------------------------
// Fake drivers (test doubles live here, never in production code)

interface FakeBehaviour {
  connect?: (config: InstrumentConfig, attempt: number) => Promise<void> | void;
  apply?: (path: string, value: ParamValue) => Promise<void> | void;
  disconnect?: () => Promise<void> | void;
}

/** Records every call the core makes on the drivers of one instrument type. */
class FakeDevice {
  readonly connects: { id: string; config: InstrumentConfig }[] = [];
  readonly applied: { id: string; path: string; value: ParamValue; config: InstrumentConfig }[] = [];
  readonly disconnects: string[] = [];
  readonly contexts: DriverContext[] = [];

  constructor(public behaviour: FakeBehaviour = {}) {}

  /** The context of the newest driver made for `id`. */
  ctx(id: string): DriverContext {
    const ctx = this.contexts.filter((c) => c.id === id).at(-1);
    if (!ctx) throw new Error(`no driver was made for ${id}`);
    return ctx;
  }

  readonly factory: DriverFactory = (ctx) => {
    this.contexts.push(ctx);
    return {
      connect: async (config) => {
        this.connects.push({ id: ctx.id, config });
        await this.behaviour.connect?.(config, this.connects.length);
      },
      applyParameter: async (path, value, config) => {
        this.applied.push({ id: ctx.id, path, value, config });
        await this.behaviour.apply?.(path, value);
      },
      disconnect: async () => {
        this.disconnects.push(ctx.id);
        await this.behaviour.disconnect?.();
      },
    };
  };
}

const never = (): Promise<void> => new Promise<void>(() => undefined);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Harness

interface Harness {
  readonly core: Core;
  readonly configPath: string;
  /** Every batch since before start. */
  readonly batches: EventBatch[];
  readonly logs: LogEntry[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempConfig(text: string | { copyOf: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-core-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'daq.toml');
  if (typeof text === 'string') await writeFile(configPath, text);
  else await copyFile(text.copyOf, configPath);
  return configPath;
}

async function startCore(
  text: string | { copyOf: string },
  deps: Omit<Partial<CoreDeps>, 'drivers'> & { drivers?: Partial<Record<InstrumentType, FakeDevice>> } = {},
): Promise<Harness> {
  const configPath = await tempConfig(text);
  const drivers: Partial<Record<InstrumentType, DriverFactory>> = {};
  for (const [type, device] of Object.entries(deps.drivers ?? {})) drivers[type as InstrumentType] = device.factory;
  const logs: LogEntry[] = [];
  const core = createCore({
    readingsIntervalMs: 20,
    ...deps,
    timeouts: { connectMs: 300, applyMs: 300, stopMs: 300, ...deps.timeouts },
    configPath,
    drivers,
    logSink: (e) => logs.push(e),
  });
  const batches: EventBatch[] = [];
  core.onEvents((b) => batches.push(b));
  cleanups.push(() => core.stop());
  await core.start();
  return { core, configPath, batches, logs };
}

/** Calls a command and checks the answer against the contract: the response schema or the error schema. */
async function call<K extends CommandName>(h: Harness, name: K, payload: unknown): Promise<Result<CommandResponse<K>>> {
  const r = await h.core.call(name, payload);
  if (r.ok) {
    const parsed = commands[name].response.safeParse(r.value);
    expect(parsed.success, `${name} response breaks its schema: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  } else {
    expect(appErrorSchema.safeParse(r.error).success, `${name} error breaks the error schema`).toBe(true);
  }
  return r as Result<CommandResponse<K>>;
}

async function ok<K extends CommandName>(h: Harness, name: K, payload: unknown): Promise<CommandResponse<K>> {
  const r = await call(h, name, payload);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function refused(h: Harness, name: CommandName, payload: unknown, code: AppErrorData['code']): Promise<AppErrorData> {
  const r = await call(h, name, payload);
  if (r.ok) throw new Error(`${name} succeeded; expected ${code}`);
  expect(r.error.code, r.error.message).toBe(code);
  return r.error;
}

async function instruments(h: Harness): Promise<Record<string, InstrumentView>> {
  const { instruments: list } = await ok(h, 'ListInstruments', {});
  return Object.fromEntries(list.map((i) => [i.id, i]));
}

async function modules(h: Harness): Promise<Record<string, ModuleView>> {
  const { modules: list } = await ok(h, 'ListModules', {});
  return Object.fromEntries(list.map((m) => [m.id, m]));
}

interface SettingsShape {
  instruments: Record<string, Record<string, unknown>>;
  processors: Record<string, unknown>;
  modules: Record<string, { type: string; roles: Record<string, string> }>;
}

async function settings(h: Harness): Promise<SettingsShape> {
  const r = await ok(h, 'GetSettings', {});
  if (!r.settings) throw new Error('no settings');
  return r.settings as unknown as SettingsShape;
}

/** Resolves with the first event matching `match` that arrives from now on. */
function nextEvent<E extends DaqEvent>(h: Harness, match: (e: DaqEvent) => e is E, timeoutMs?: number): Promise<E>;
function nextEvent(h: Harness, match: (e: DaqEvent) => boolean, timeoutMs?: number): Promise<DaqEvent>;
function nextEvent(h: Harness, match: (e: DaqEvent) => boolean, timeoutMs = 2000): Promise<DaqEvent> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = h.core.onEvents((batch) => {
      const found = batch.events.find(match);
      if (found) {
        clearTimeout(timer);
        off();
        resolvePromise(found);
      }
    });
  });
}

const readingOf =
  (channel: string) =>
  (e: DaqEvent): boolean =>
    e.type === 'instruments:readings' && e.readings.some((r) => r.channel === channel);

/** Batches carrying anything but readings, from index `from` on. */
function stateBatches(h: Harness, from: number): EventBatch[] {
  return h.batches.slice(from).filter((b) => b.events.some((e) => e.type !== 'instruments:readings'));
}

const newport = (extra: Record<string, unknown> = {}) => ({ type: 'newport_1830c', port: '/dev/ttyUSB0', ...extra });

// ---------------------------------------------------------------------------------------------

describe('start', () => {
  it('runs the shipped default config: every instrument running, modules idle with their roles', async () => {
    const h = await startCore({ copyOf: join(root, 'config/default.toml') });
    const state = await ok(h, 'GetAppState', {});
    expect(state.config).toEqual({ configPath: h.configPath, status: 'ok', issues: [] });
    expect(state.instruments.map((i) => [i.id, i.status])).toEqual([
      ['signal_gen', 'running'],
      ['pm_sample', 'running'],
      ['pm_reference', 'running'],
      ['ti_sapph', 'running'],
      ['hwp_rotator', 'running'],
      ['xyz_stage', 'running'],
      ['camera', 'running'],
    ]);
    expect(state.modules.map((m) => [m.id, m.state])).toEqual([
      ['power_watch', 'idle'],
      ['pol_scan', 'idle'],
      ['imaging', 'idle'],
    ]);
    const byId = Object.fromEntries(state.instruments.map((i) => [i.id, i]));
    expect(byId['pm_sample']?.usedBy).toEqual([{ moduleId: 'power_watch', role: 'power_meter' }]);
    expect(byId['signal_gen']?.usedBy).toEqual([]);
    expect(state.log.at(-1)?.message).toBe(`loaded ${h.configPath}: 7 instruments, 3 modules`);
    expect(h.logs.at(-1)).toEqual(state.log.at(-1));
  });

  it('an instrument whose driver fails shows error with its reason, the others run', async () => {
    const h = await startCore(`${BENCH}\n[instruments.meter]\ntype = "newport_1830c"\nport = "/dev/daq-test-absent"\n`);
    const list = await instruments(h);
    expect(list['meter']).toMatchObject({ status: 'error', statusReason: expect.stringMatching(/^serial port \/dev\/daq-test-absent does not exist/) });
    expect(list['pm']?.status).toBe('running');
    expect(h.logs.some((l) => l.level === 'error' && l.source === 'meter')).toBe(true);
  });

  it('an invalid config file: the core starts, reports the issues with positions, holds no instruments, refuses changes', async () => {
    const h = await startCore(`${BASE}\n[instruments.pm]\ntype = "mock"\nsample_rate_hz = -5.0\n`);
    const state = await ok(h, 'GetAppState', {});
    expect(state.config.status).toBe('invalid');
    expect(state.config.issues).toEqual([
      { file: h.configPath, line: 8, column: 1, path: 'instruments.pm.sample_rate_hz', message: 'out of range (0.1..1000000 Hz)', severity: 'error' },
    ]);
    expect(state.instruments).toEqual([]);
    expect(state.modules).toEqual([]);
    expect(state.log.some((l) => l.level === 'error' && l.message.startsWith(`${h.configPath}:8:1: out of range`))).toBe(true);
    expect(h.batches[0]?.events[0]).toEqual({ type: 'app:config-status-changed', config: state.config });
    expect((await ok(h, 'GetSettings', {})).settings).toBeNull();
    expect((await ok(h, 'ListInstruments', {})).instruments).toEqual([]);

    const add = await refused(h, 'AddInstrumentDynamic', { id: 'x', config: { type: 'mock', sample_rate_hz: 1 } }, 'UNAVAILABLE');
    expect(add.details).toEqual({ issues: state.config.issues });
    await refused(h, 'RemoveInstrumentDynamic', { id: 'pm' }, 'UNAVAILABLE');
    await refused(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 1 }, 'UNAVAILABLE');
    await refused(h, 'AssignInstrumentToModule', { moduleId: 'm', role: 'r', instrumentId: 'pm' }, 'UNAVAILABLE');
    await refused(h, 'StartModule', { id: 'watch' }, 'UNAVAILABLE');
    await refused(h, 'StopModule', { id: 'watch' }, 'UNAVAILABLE');
  });

  it('a missing config file is an invalid config, not a throw', async () => {
    const absentDir = await mkdtemp(join(tmpdir(), 'daq-core-'));
    cleanups.push(() => rm(absentDir, { recursive: true, force: true }));
    const configPath = join(absentDir, 'absent.toml');
    const core = createCore({ configPath });
    cleanups.push(() => core.stop());
    await expect(core.start()).resolves.toBeUndefined();
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.config.issues.map((i) => i.message)).toEqual(['config file not found']);
  });

  it('stop stops running modules and every instrument', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'StartModule', { id: 'watch' });
    await h.core.stop();
    const state = await ok(h, 'GetAppState', {});
    expect(state.modules[0]?.state).toBe('stopped');
    expect(state.instruments.map((i) => i.status)).toEqual(['stopped', 'stopped']);
  });

  it('stamps log lines with the injected clock', async () => {
    const h = await startCore(BENCH, { clock: { now: () => Date.UTC(2030, 0, 2, 3, 4, 5) } });
    expect(h.logs.at(-1)?.time).toBe('2030-01-02T03:04:05.000Z');
  });
});

describe('AddInstrumentDynamic', () => {
  it('adds a running instrument that streams readings named <id>:<channel>', async () => {
    const h = await startCore(BASE);
    const reading = nextEvent(h, readingOf('gen:sine_wave'));
    const r = await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', sample_rate_hz: 100, name: 'Generator' } });
    expect(r.instrument).toEqual({
      id: 'gen',
      type: 'mock',
      name: 'Generator',
      status: 'running',
      config: { type: 'mock', sample_rate_hz: 100, name: 'Generator' },
      capabilities: [],
      channels: [
        { name: 'sine_wave', unit: 'V' },
        { name: 'cosine_wave', unit: 'V' },
      ],
      usedBy: [],
    });
    expect(r.persisted).toBe(true);
    expect(r).not.toHaveProperty('persistError');
    expect(await readFile(h.configPath, 'utf8')).toMatch(/# Added dynamically: \d{4}-\d\d-\d\dT[\d:]+Z\n\[instruments\.gen\]\ntype = "mock"\nsample_rate_hz = 100\.0\nname = "Generator"\n/);
    expect((await instruments(h))['gen']?.status).toBe('running');
    expect((await settings(h)).instruments['gen']).toEqual({ type: 'mock', sample_rate_hz: 100, name: 'Generator' });
    const event = await reading;
    expect(event.type === 'instruments:readings' && event.readings.find((x) => x.channel === 'gen:sine_wave')?.unit).toBe('V');
  });

  it('answers persisted:false without an error when the caller asked not to persist', async () => {
    const h = await startCore(BASE);
    const r = await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', sample_rate_hz: 1 }, persist: false });
    expect(r.persisted).toBe(false);
    expect(r).not.toHaveProperty('persistError');
  });

  it('connects the driver with exactly the inline config', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    const config = newport({ port: '/dev/serial/by-id/usb-Newport-if00', wavelength: 1064.0, range: 3, name: 'Meter' });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config });
    expect(dev.connects).toEqual([{ id: 'meter', config }]);
    expect((await instruments(h))['meter']).toMatchObject({ status: 'running', config, capabilities: ['power_measurement'] });
  });

  it('refuses a duplicate id with DUPLICATE and leaves the existing instrument alone', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'meter', config: newport({ port: '/dev/ttyUSB5' }) }, 'DUPLICATE');
    expect(err.message).toBe('an instrument "meter" already exists');
    expect(err.details).toEqual({ id: 'meter' });
    expect(dev.connects).toHaveLength(1);
    expect((await instruments(h))['meter']).toMatchObject({ status: 'running', config: newport() });
  });

  it.each([
    ['unknown type', { type: 'laser9000' }, [{ path: 'type', message: 'unknown instrument type' }]],
    ['unknown parameter', { type: 'mock', sample_rate_hz: 1, rate: 5 }, [{ path: 'rate', message: 'unknown parameter' }]],
    ['out of range', { type: 'mock', sample_rate_hz: 2e6 }, [{ path: 'sample_rate_hz', message: 'out of range (0.1..1000000 Hz)' }]],
    ['wrong type', { type: 'mock', sample_rate_hz: '10' }, [{ path: 'sample_rate_hz', message: 'must be a number' }]],
    ['float for an integer', { type: 'mock', sample_rate_hz: 1, num_samples: 6.5 }, [{ path: 'num_samples', message: 'must be an integer' }]],
    ['missing required', { type: 'newport_1830c' }, [{ path: 'port', message: 'required parameter is missing' }]],
    ['bad choice', { type: 'mock', sample_rate_hz: 1, profile: 'toaster' }, [{ path: 'profile', message: expect.stringContaining('must be one of') }]],
    ['bad nested field', { type: 'esp300', port: '/dev/x', axis1: { velocity: -1 } }, [{ path: 'axis1.velocity', message: 'out of range (0..1000 units/s)' }]],
  ])('refuses %s with VALIDATION and changes nothing', async (_what, config, issues) => {
    const dev = new FakeDevice();
    const h = await startCore(BENCH, { drivers: { newport_1830c: dev, esp300: dev } });
    const before = { list: await instruments(h), settings: await settings(h) };
    const from = h.batches.length;
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'new_one', config }, 'VALIDATION');
    expect(err.details).toEqual({ issues });
    expect(dev.connects).toEqual([]);
    expect(await instruments(h)).toEqual(before.list);
    expect(await settings(h)).toEqual(before.settings);
    expect(stateBatches(h, from)).toEqual([]);
  });

  it('a connect that fails: DEVICE_ERROR with the reason, the instrument is absent and its driver released', async () => {
    const dev = new FakeDevice({ connect: () => Promise.reject(new Error('no reply to *IDN?')) });
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    const from = h.batches.length;
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() }, 'DEVICE_ERROR');
    expect(err.message).toBe('instrument "meter" was not added: no reply to *IDN?');
    expect(dev.disconnects).toEqual(['meter']);
    expect(await instruments(h)).toEqual({});
    expect((await settings(h)).instruments).toEqual({});
    expect(stateBatches(h, from).flatMap((b) => b.events).filter((e) => e.type.startsWith('instruments:'))).toEqual([]);
    // The id is free again.
    dev.behaviour = {};
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
  });

  it('a driver that cannot be reached keeps its code (UNAVAILABLE)', async () => {
    const h = await startCore(BASE);
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'stage', config: { type: 'esp300', port: '/dev/daq-test-absent' } }, 'UNAVAILABLE');
    expect(err.message).toMatch(/^instrument "stage" was not added: serial port \/dev\/daq-test-absent does not exist/);
    expect(await instruments(h)).toEqual({});
  });

  it('a connect that hangs: TIMEOUT, the instrument is absent, the actor answers the next command', async () => {
    const dev = new FakeDevice({ connect: never, disconnect: never });
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, timeouts: { connectMs: 50, stopMs: 50 } });
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() }, 'TIMEOUT');
    expect(err.message).toBe('instrument "meter" was not added: connecting meter did not finish within 50 ms');
    expect(await instruments(h)).toEqual({});
  });
});

describe('UpdateInstrumentParameter', () => {
  async function withMeter(behaviour: FakeBehaviour = {}) {
    const dev = new FakeDevice(behaviour);
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport({ wavelength: 800.0 }) });
    return { h, dev };
  }

  it('float: a live parameter goes to driver.applyParameter, no restart', async () => {
    const { h, dev } = await withMeter();
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'wavelength', value: 1064.5 });
    expect(r.applied).toBe('live');
    expect(r.instrument.config['wavelength']).toBe(1064.5);
    expect(dev.applied).toEqual([{ id: 'meter', path: 'wavelength', value: 1064.5, config: newport({ wavelength: 1064.5 }) }]);
    expect(dev.connects).toHaveLength(1);
    expect((await instruments(h))['meter']?.config['wavelength']).toBe(1064.5);
    expect((await settings(h)).instruments['meter']?.['wavelength']).toBe(1064.5);
  });

  it('integer: accepted when whole, a fractional value refused with VALIDATION', async () => {
    const { h, dev } = await withMeter();
    expect((await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'range', value: 3 })).instrument.config['range']).toBe(3);
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'range', value: 2.5 }, 'VALIDATION');
    expect(err.message).toBe('invalid value for "range": must be an integer');
    expect(err.details).toEqual({ param: 'range', value: 2.5 });
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'range', value: 9 }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'units', value: 7 }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'wavelength', value: '800' }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'wavelength', value: true }, 'VALIDATION');
    expect(dev.applied.map((a) => a.path)).toEqual(['range']);
    expect((await settings(h)).instruments['meter']?.['range']).toBe(3);
  });

  it('string: the display name is live and shows in the view', async () => {
    const { h, dev } = await withMeter();
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'name', value: 'Reference arm' });
    expect(r.applied).toBe('live');
    expect(r.instrument.name).toBe('Reference arm');
    expect(dev.applied.at(-1)).toMatchObject({ path: 'name', value: 'Reference arm' });
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'name', value: 5 }, 'VALIDATION');
  });

  it('a non-live parameter restarts the instrument: connect again with the new config', async () => {
    const { h, dev } = await withMeter();
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'baud_rate', value: 19200 });
    expect(r.applied).toBe('restart');
    expect(r.instrument.status).toBe('running');
    expect(dev.applied).toEqual([]);
    expect(dev.disconnects).toEqual(['meter']);
    expect(dev.connects.map((c) => c.config)).toEqual([newport({ wavelength: 800 }), newport({ wavelength: 800, baud_rate: 19200 })]);
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'baud_rate', value: 1234 }, 'VALIDATION');
  });

  it('array: elliptec bus addresses restart the driver with the new list; channels follow in hex', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { elliptec: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'rot', config: { type: 'elliptec', port: '/dev/ttyUSB3', device_addresses: [0] } });
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'rot', param: 'device_addresses', value: [0, 10] });
    expect(r.applied).toBe('restart');
    expect(dev.connects.at(-1)?.config).toEqual({ type: 'elliptec', port: '/dev/ttyUSB3', device_addresses: [0, 10] });
    expect(r.instrument.channels.map((c) => c.name)).toEqual(['device0_position', 'deviceA_position']);
    expect((await settings(h)).instruments['rot']?.['device_addresses']).toEqual([0, 10]);
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'rot', param: 'device_addresses', value: [3, 16] }, 'VALIDATION');
    expect(err.message).toBe('invalid value for "device_addresses": out of range (0..15)');
    await refused(h, 'UpdateInstrumentParameter', { id: 'rot', param: 'device_addresses', value: 3 }, 'VALIDATION');
    expect(dev.connects).toHaveLength(2);
  });

  it('nested: axis1.velocity on an ESP300 is applied live by path', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { esp300: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'stage', config: { type: 'esp300', port: '/dev/ttyUSB2', axis1: { units: 2 } } });
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'stage', param: 'axis1.velocity', value: 12.5 });
    expect(r.applied).toBe('live');
    expect(dev.applied).toEqual([
      { id: 'stage', path: 'axis1.velocity', value: 12.5, config: { type: 'esp300', port: '/dev/ttyUSB2', axis1: { units: 2, velocity: 12.5 } } },
    ]);
    expect((await ok(h, 'UpdateInstrumentParameter', { id: 'stage', param: 'axis3.acceleration', value: 4 })).instrument.config['axis3']).toEqual({
      acceleration: 4,
    });
    expect((await settings(h)).instruments['stage']?.['axis1']).toEqual({ units: 2, velocity: 12.5 });
    await refused(h, 'UpdateInstrumentParameter', { id: 'stage', param: 'axis1.velocity', value: 2000 }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameter', { id: 'stage', param: 'axis1', value: { velocity: 1 } }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameter', { id: 'stage', param: 'axis4.velocity', value: 1 }, 'VALIDATION');
  });

  it('a driver refusing the change: DEVICE_ERROR, the old value stays everywhere', async () => {
    const { h } = await withMeter({ apply: (path, value) => (value === 1500 ? Promise.reject(new Error(`${path} rejected`)) : undefined) });
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'wavelength', value: 1500 }, 'DEVICE_ERROR');
    expect(err.message).toBe('meter refused wavelength: wavelength rejected');
    expect((await instruments(h))['meter']).toMatchObject({ status: 'running', config: newport({ wavelength: 800 }) });
    expect((await settings(h)).instruments['meter']?.['wavelength']).toBe(800);
  });

  it('a live change that hangs: TIMEOUT, old value kept', async () => {
    const dev = new FakeDevice({ apply: never });
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, timeouts: { applyMs: 40 } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'range', value: 4 }, 'TIMEOUT');
    expect((await settings(h)).instruments['meter']).toEqual(newport());
  });

  it('a restart that fails on a running instrument: the old config is started again and the error answered', async () => {
    const { h, dev } = await withMeter();
    dev.behaviour = { connect: (config) => (config['port'] === '/dev/ttyBAD' ? Promise.reject(new Error('no such port')) : undefined) };
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'port', value: '/dev/ttyBAD' }, 'DEVICE_ERROR');
    expect(err.message).toBe('port was not changed: no such port');
    expect(dev.connects.map((c) => c.config['port'])).toEqual(['/dev/ttyUSB0', '/dev/ttyBAD', '/dev/ttyUSB0']);
    expect((await instruments(h))['meter']).toMatchObject({ status: 'running', config: { port: '/dev/ttyUSB0' } });
    expect((await settings(h)).instruments['meter']?.['port']).toBe('/dev/ttyUSB0');
  });

  it('an instrument in error keeps a corrected value it still cannot start with (stored)', async () => {
    const h = await startCore(`${BASE}\n[instruments.meter]\ntype = "newport_1830c"\nport = "/dev/ttyUSB0"\n`);
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'port', value: '/dev/ttyUSB1' });
    expect(r.applied).toBe('stored');
    expect(r.instrument).toMatchObject({ status: 'error', config: { port: '/dev/ttyUSB1' } });
    expect((await settings(h)).instruments['meter']?.['port']).toBe('/dev/ttyUSB1');
  });

  it('an unknown parameter is refused, not ignored; type cannot change; unknown id is NOT_FOUND', async () => {
    const { h, dev } = await withMeter();
    const unknown = await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'rate', value: '100' }, 'VALIDATION');
    expect(unknown.message).toMatch(/^unknown parameter "rate" for newport_1830c \(known: name, port, baud_rate, wavelength, /);
    const type = await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'type', value: 'mock' }, 'VALIDATION');
    expect(type.message).toBe('the instrument type cannot be changed; remove the instrument and add it again');
    await refused(h, 'UpdateInstrumentParameter', { id: 'meter', param: '__proto__', value: 1 }, 'VALIDATION');
    const missing = await refused(h, 'UpdateInstrumentParameter', { id: 'nonexistent', param: 'rate', value: '100' }, 'NOT_FOUND');
    expect(missing.message).toBe('no instrument "nonexistent"');
    expect(dev.applied).toEqual([]);
    expect((await settings(h)).instruments['meter']).toEqual(newport({ wavelength: 800 }));
  });

  it('a real mock takes a new sample rate live and keeps streaming', async () => {
    const h = await startCore(BASE);
    await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', profile: 'stage', sample_rate_hz: 0.1 } });
    const reading = nextEvent(h, readingOf('gen:position'));
    expect((await ok(h, 'UpdateInstrumentParameter', { id: 'gen', param: 'sample_rate_hz', value: 200 })).applied).toBe('live');
    await reading;
  });
});

describe('RemoveInstrumentDynamic', () => {
  it('removes an instrument: stopped, gone from the list, the settings and its processors', async () => {
    const h = await startCore(BENCH);
    const from = h.batches.length;
    const r = await ok(h, 'RemoveInstrumentDynamic', { id: 'sig' });
    expect(r).toMatchObject({ id: 'sig', unassigned: [], persisted: true });
    expect(await readFile(h.configPath, 'utf8')).toMatch(/# Removed: sig at \d{4}-[\d-]+T[\d:]+Z/);
    expect(Object.keys(await instruments(h))).toEqual(['pm']);
    const s = await settings(h);
    expect(Object.keys(s.instruments)).toEqual(['pm']);
    expect(s.processors).toEqual({});
    const events = stateBatches(h, from).flatMap((b) => b.events);
    expect(events).toContainEqual({ type: 'instruments:instrument-removed', id: 'sig' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'instruments:instrument-changed', instrument: expect.objectContaining({ id: 'sig', status: 'stopped' }) }));
  });

  it('an unknown id is NOT_FOUND', async () => {
    const h = await startCore(BENCH);
    const err = await refused(h, 'RemoveInstrumentDynamic', { id: 'nonexistent' }, 'NOT_FOUND');
    expect(err.details).toEqual({ id: 'nonexistent' });
    await refused(h, 'RemoveInstrumentDynamic', { id: 'nonexistent', force: true }, 'NOT_FOUND');
  });

  it('an instrument a module uses is IN_USE, listing (module, role), and nothing is removed', async () => {
    const h = await startCore(BENCH);
    const before = await settings(h);
    const err = await refused(h, 'RemoveInstrumentDynamic', { id: 'pm' }, 'IN_USE');
    expect(err.message).toBe('instrument "pm" is used by watch (power_meter); remove with force, or reassign those roles first');
    expect(err.details).toEqual({ id: 'pm', dependents: [{ moduleId: 'watch', role: 'power_meter' }] });
    expect((await instruments(h))['pm']).toMatchObject({ status: 'running', usedBy: [{ moduleId: 'watch', role: 'power_meter' }] });
    expect((await modules(h))['watch']?.roles).toEqual({ power_meter: 'pm' });
    expect(await settings(h)).toEqual(before);
  });

  it('force: removed, the running module stops and shows degraded, a warning is logged, settings lose the role', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'StartModule', { id: 'watch' });
    const warning = nextEvent(h, (e) => e.type === 'app:log' && e.entry.level === 'warn');
    const r = await ok(h, 'RemoveInstrumentDynamic', { id: 'pm', force: true });
    expect(r.unassigned).toEqual([{ moduleId: 'watch', role: 'power_meter' }]);
    expect(await warning).toMatchObject({ entry: { level: 'warn', message: 'module watch lost its power_meter (pm removed by force)' } });
    expect((await modules(h))['watch']).toMatchObject({
      state: 'degraded',
      stateReason: 'role "power_meter" lost instrument "pm"',
      roles: { power_meter: null },
    });
    expect(Object.keys(await instruments(h))).toEqual(['sig']);
    const s = await settings(h);
    expect(s.modules['watch']?.roles).toEqual({});
    expect(s.instruments).not.toHaveProperty('pm');
    await refused(h, 'StartModule', { id: 'watch' }, 'INVALID_STATE');
    await refused(h, 'StopModule', { id: 'watch' }, 'INVALID_STATE');
  });

  it('an instrument whose driver will not stop is still removed, with a warning', async () => {
    const dev = new FakeDevice({ disconnect: never });
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, timeouts: { stopMs: 40 } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    await ok(h, 'RemoveInstrumentDynamic', { id: 'meter' });
    expect(await instruments(h)).toEqual({});
    expect(h.logs.some((l) => l.level === 'warn' && l.message.startsWith('instrument meter did not stop cleanly'))).toBe(true);
  });
});

describe('add → update → remove workflow', () => {
  it('shows every step in ListInstruments and GetSettings', async () => {
    const h = await startCore(BASE);
    await ok(h, 'AddInstrumentDynamic', { id: 'workflow_test', config: { type: 'mock', profile: 'power_meter', sample_rate_hz: 5 } });
    expect((await instruments(h))['workflow_test']).toMatchObject({ status: 'running', config: { sample_rate_hz: 5 } });
    expect((await settings(h)).instruments['workflow_test']).toEqual({ type: 'mock', profile: 'power_meter', sample_rate_hz: 5 });

    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'workflow_test', param: 'sample_rate_hz', value: 100 });
    expect(r.applied).toBe('live');
    expect((await instruments(h))['workflow_test']?.config['sample_rate_hz']).toBe(100);
    expect((await settings(h)).instruments['workflow_test']?.['sample_rate_hz']).toBe(100);
    await nextEvent(h, readingOf('workflow_test:power'));

    await ok(h, 'RemoveInstrumentDynamic', { id: 'workflow_test' });
    expect(await instruments(h)).toEqual({});
    expect((await settings(h)).instruments).toEqual({});
    await refused(h, 'UpdateInstrumentParameter', { id: 'workflow_test', param: 'sample_rate_hz', value: 1 }, 'NOT_FOUND');
  });
});

describe('modules', () => {
  it('AssignInstrumentToModule refuses unknown module or instrument (NOT_FOUND), unknown role and incapable instrument (VALIDATION)', async () => {
    const h = await startCore(BENCH);
    expect((await refused(h, 'AssignInstrumentToModule', { moduleId: 'ghost', role: 'power_meter', instrumentId: 'pm' }, 'NOT_FOUND')).message).toBe(
      'no module "ghost"',
    );
    await refused(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'ghost' }, 'NOT_FOUND');
    const role = await refused(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'detector', instrumentId: 'pm' }, 'VALIDATION');
    expect(role.message).toBe('module "watch" (power_meter) has no role "detector" (roles: power_meter)');
    const incapable = await refused(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'sig' }, 'VALIDATION');
    expect(incapable.message).toBe('instrument "sig" (mock) cannot fill role "power_meter": it needs power measurement');
    expect(incapable.details).toEqual({ capability: 'power_measurement', offered: [] });
    expect((await modules(h))['watch']?.roles).toEqual({ power_meter: 'pm' });
  });

  it('AssignInstrumentToModule moves the role: module view, usedBy of both instruments and settings follow', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'AddInstrumentDynamic', { id: 'pm2', config: { type: 'mock', profile: 'laser', sample_rate_hz: 1 } });
    const r = await ok(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'pm2' });
    expect(r.module).toMatchObject({ id: 'watch', state: 'idle', roles: { power_meter: 'pm2' } });
    const list = await instruments(h);
    expect(list['pm2']?.usedBy).toEqual([{ moduleId: 'watch', role: 'power_meter' }]);
    expect(list['pm']?.usedBy).toEqual([]);
    expect((await settings(h)).modules['watch']?.roles).toEqual({ power_meter: 'pm2' });
    await ok(h, 'RemoveInstrumentDynamic', { id: 'pm' });
    await refused(h, 'RemoveInstrumentDynamic', { id: 'pm2' }, 'IN_USE');
  });

  it('fills an empty required role: degraded becomes idle, and the module can start', async () => {
    const h = await startCore(`${BENCH}\n[modules.scan]\ntype = "polarization_scan"\n`);
    await ok(h, 'AddInstrumentDynamic', { id: 'rot', config: { type: 'mock', profile: 'stage', sample_rate_hz: 1 } });
    expect((await modules(h))['scan']).toMatchObject({ state: 'degraded', stateReason: 'role "rotator", "detector" unfilled' });
    const err = await refused(h, 'StartModule', { id: 'scan' }, 'INVALID_STATE');
    expect(err.details).toEqual({ unfilled: ['rotator', 'detector'] });
    await ok(h, 'AssignInstrumentToModule', { moduleId: 'scan', role: 'rotator', instrumentId: 'rot' });
    expect((await modules(h))['scan']?.state).toBe('degraded');
    const r = await ok(h, 'AssignInstrumentToModule', { moduleId: 'scan', role: 'detector', instrumentId: 'pm' });
    expect(r.module).toMatchObject({ state: 'idle', roles: { rotator: 'rot', detector: 'pm', laser: null } });
    expect((await ok(h, 'StartModule', { id: 'scan' })).module.state).toBe('running');
    expect((await instruments(h))['pm']?.usedBy).toEqual([
      { moduleId: 'scan', role: 'detector' },
      { moduleId: 'watch', role: 'power_meter' },
    ]);
    const busy = await refused(h, 'AssignInstrumentToModule', { moduleId: 'scan', role: 'rotator', instrumentId: 'rot' }, 'INVALID_STATE');
    expect(busy.message).toBe('stop module "scan" before reassigning its roles');
    expect((await ok(h, 'StopModule', { id: 'scan' })).module.state).toBe('stopped');
  });

  it('StartModule refuses an instrument that is not running; StopModule refuses a module that is not running', async () => {
    const h = await startCore(`${BENCH}\n[instruments.meter]\ntype = "newport_1830c"\nport = "/dev/ttyUSB0"\n`);
    await ok(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'meter' });
    const err = await refused(h, 'StartModule', { id: 'watch' }, 'INVALID_STATE');
    expect(err.message).toBe('module "watch" cannot start: instrument "meter" not running');
    expect(err.details).toEqual({ notRunning: ['meter'] });
    const stop = await refused(h, 'StopModule', { id: 'watch' }, 'INVALID_STATE');
    expect(stop.message).toBe('module "watch" is not running (idle)');
    await refused(h, 'StartModule', { id: 'ghost' }, 'NOT_FOUND');
    await ok(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'pm' });
    await ok(h, 'StartModule', { id: 'watch' });
    expect((await refused(h, 'StartModule', { id: 'watch' }, 'INVALID_STATE')).message).toBe('module "watch" is already running');
  });

  it('the power monitor counts readings of its instrument while running and publishes its stats', async () => {
    const dev = new FakeDevice();
    const h = await startCore(`${BASE}\n[instruments.meter]\ntype = "newport_1830c"\nport = "/dev/ttyUSB0"\n[modules.watch]\ntype = "power_meter"\nlow_threshold = 1.0e-4\nhigh_threshold = 5.0e-3\nroles = { power_meter = "meter" }\n`, {
      drivers: { newport_1830c: dev },
    });
    const ctx = dev.ctx('meter');
    ctx.emit('power', 1e-3, 'W');
    await ok(h, 'StartModule', { id: 'watch' });
    const published = nextEvent(h, (e) => e.type === 'modules:module-changed' && e.module.stats['samples'] === 4);
    for (const value of [5e-5, 1e-3, 2e-3, 1e-2]) ctx.emit('power', value, 'W');
    ctx.emit('wavelength', 800, 'nm');
    expect(await published).toMatchObject({ module: { id: 'watch', state: 'running', stats: { samples: 4, below: 1, above: 1, last_w: 1e-2 } } });
    expect((await modules(h))['watch']?.stats).toEqual({ samples: 4, below: 1, above: 1, last_w: 1e-2 });
  });

  it('a mock power meter feeds a running power monitor', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'StartModule', { id: 'watch' });
    await nextEvent(h, (e) => e.type === 'modules:module-changed' && (e.module.stats['samples'] ?? 0) >= 2);
  });

  it('changing a mock profile so that a used capability disappears is IN_USE; a profile keeping it is allowed', async () => {
    const h = await startCore(BENCH);
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'profile', value: 'stage' }, 'IN_USE');
    expect(err.message).toBe(
      'cannot change profile of "pm": role "power_meter" needs power measurement, which instrument "pm" (mock) does not offer',
    );
    expect((await instruments(h))['pm']).toMatchObject({ config: { profile: 'power_meter' }, capabilities: ['power_measurement'] });
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'profile', value: 'laser' });
    expect(r.applied).toBe('restart');
    expect(r.instrument.capabilities).toEqual(['wavelength_control', 'power_measurement']);
    expect(r.instrument.channels.map((c) => c.name)).toEqual(['wavelength', 'power']);
    expect((await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'profile', value: 'stage' })).instrument.capabilities).toEqual([
      'position_control',
    ]);
  });
});

describe('contract', () => {
  it('unknown commands are VALIDATION', async () => {
    const h = await startCore(BASE);
    const r = await h.core.call('ExplodeInstrument', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('unknown command "ExplodeInstrument"') } });
    expect(await h.core.call('toString', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await h.core.call(42, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it.each([
    ['missing field', 'AddInstrumentDynamic', { config: { type: 'mock' } }, ['id']],
    ['missing nested field', 'AddInstrumentDynamic', { id: 'a', config: {} }, ['config.type']],
    ['extra field', 'RemoveInstrumentDynamic', { id: 'a', forced: true }, ['']],
    ['extra field on an empty request', 'GetAppState', { verbose: true }, ['']],
    ['wrong type', 'RemoveInstrumentDynamic', { id: 'a', force: 'yes' }, ['force']],
    ['bad id pattern', 'StartModule', { id: 'no spaces allowed' }, ['id']],
    ['id too long', 'RemoveInstrumentDynamic', { id: 'x'.repeat(65) }, ['id']],
    ['null value', 'UpdateInstrumentParameter', { id: 'a', param: 'x', value: null }, ['value']],
    ['not an object', 'ListInstruments', 'everything', ['']],
  ])('bad payload (%s) is VALIDATION with the issue paths', async (_what, name, payload, paths) => {
    const h = await startCore(BASE);
    const r = await h.core.call(name, payload);
    if (r.ok) throw new Error('accepted a bad payload');
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(new RegExp(`^invalid arguments for ${name}: `));
    const issues = (r.error.details as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(paths);
  });

  it('the id rule reaches the caller', async () => {
    const h = await startCore(BASE);
    const r = await h.core.call('StartModule', { id: 'a b' });
    expect(r.ok ? null : r.error.details).toEqual({ issues: [{ path: 'id', message: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' }] });
  });

  it('a missing payload counts as an empty request', async () => {
    const h = await startCore(BASE);
    expect((await h.core.call('GetAppState', undefined)).ok).toBe(true);
    expect((await h.core.call('ListModules', null)).ok).toBe(true);
  });

  it('every successful response validates against its response schema', async () => {
    const h = await startCore(BENCH);
    const payloads: [CommandName, unknown][] = [
      ['GetAppState', {}],
      ['GetSettings', {}],
      ['ListInstruments', {}],
      ['ListModules', {}],
      ['AddInstrumentDynamic', { id: 'pm2', config: { type: 'mock', profile: 'power_meter', sample_rate_hz: 1 } }],
      ['UpdateInstrumentParameter', { id: 'pm2', param: 'amplitude', value: 2 }],
      ['AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'pm2' }],
      ['StartModule', { id: 'watch' }],
      ['StopModule', { id: 'watch' }],
      ['RemoveInstrumentDynamic', { id: 'pm2', force: true }],
    ];
    for (const [name, payload] of payloads) {
      const r = await h.core.call(name, payload);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      const parsed = commands[name].response.safeParse(r.value);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('invoke is the typed form of call', async () => {
    const h = await startCore(BENCH);
    const r = await h.core.invoke('ListModules', {});
    expect(r.ok && r.value.modules.map((m) => m.id)).toEqual(['watch']);
    expect(h.core.configPath).toBe(h.configPath);
  });
});

describe('event batches', () => {
  it('seq increases by exactly one per batch, and every batch validates', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', sample_rate_hz: 200 } });
    await nextEvent(h, readingOf('gen:sine_wave'));
    await ok(h, 'UpdateInstrumentParameter', { id: 'gen', param: 'amplitude', value: 3 });
    await ok(h, 'RemoveInstrumentDynamic', { id: 'gen' });
    expect(h.batches.length).toBeGreaterThan(3);
    h.batches.forEach((b, i) => expect(b.seq).toBe(i + 1));
  });

  it('one batch per command, holding all of its events', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BENCH, { drivers: { newport_1830c: dev }, readingsIntervalMs: 60_000 });
    const steps: [CommandName, unknown][] = [
      ['AddInstrumentDynamic', { id: 'meter', config: newport() }],
      ['UpdateInstrumentParameter', { id: 'meter', param: 'wavelength', value: 900 }],
      ['UpdateInstrumentParameter', { id: 'meter', param: 'baud_rate', value: 19200 }],
      ['AssignInstrumentToModule', { moduleId: 'watch', role: 'power_meter', instrumentId: 'meter' }],
      ['StartModule', { id: 'watch' }],
      ['StopModule', { id: 'watch' }],
      ['RemoveInstrumentDynamic', { id: 'meter', force: true }],
    ];
    for (const [name, payload] of steps) {
      const from = h.batches.length;
      await ok(h, name, payload);
      expect(h.batches.length - from, name).toBe(1);
    }
    // Queries and refusals send nothing.
    const from = h.batches.length;
    await ok(h, 'ListInstruments', {});
    await refused(h, 'RemoveInstrumentDynamic', { id: 'ghost' }, 'NOT_FOUND');
    expect(h.batches.length).toBe(from);
  });

  it('a command that outlasts several readings ticks still sends its state in one batch', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, readingsIntervalMs: 10 });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    dev.behaviour = { connect: () => sleep(80) };
    const from = h.batches.length;
    await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'baud_rate', value: 19200 });
    const batches = stateBatches(h, from);
    expect(batches).toHaveLength(1);
    const statuses = batches[0]!.events.flatMap((e) => (e.type === 'instruments:instrument-changed' ? [e.instrument.status] : []));
    expect(statuses.at(-1)).toBe('running');
  });

  it("GetAppState's seq covers every batch sent before it, including a fault between commands", async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, readingsIntervalMs: 60_000 });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    dev.ctx('meter').fault('cable unplugged');
    const state = await ok(h, 'GetAppState', {});
    expect(state.seq).toBe(h.batches.at(-1)?.seq);
    expect(state.instruments[0]).toMatchObject({ status: 'error', statusReason: 'cable unplugged' });
    expect(h.batches.at(-1)?.events).toContainEqual(
      expect.objectContaining({ type: 'instruments:instrument-changed', instrument: expect.objectContaining({ status: 'error' }) }),
    );
  });

  it('readings are coalesced to the latest per channel', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, readingsIntervalMs: 20 });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    const batch = nextEvent(h, readingOf('meter:power'));
    const ctx = dev.ctx('meter');
    for (let i = 1; i <= 100; i += 1) ctx.emit('power', i, 'W', i);
    ctx.emit('temperature', 21, 'C', 7);
    const event = await batch;
    expect(event.type === 'instruments:readings' && event.readings).toEqual([
      { channel: 'meter:power', value: 100, unit: 'W', timestamp: 100 },
      { channel: 'meter:temperature', value: 21, unit: 'C', timestamp: 7 },
    ]);
  });

  it('at most one readings batch per interval', async () => {
    const h = await startCore(BASE, { readingsIntervalMs: 25 });
    await ok(h, 'AddInstrumentDynamic', { id: 'fast', config: { type: 'mock', sample_rate_hz: 5000 } });
    const from = h.batches.length;
    const started = performance.now();
    await sleep(250);
    const elapsed = performance.now() - started;
    const readingBatches = h.batches.slice(from).filter((b) => b.events.some((e) => e.type === 'instruments:readings'));
    expect(readingBatches.length).toBeGreaterThanOrEqual(2);
    expect(readingBatches.length).toBeLessThanOrEqual(Math.floor(elapsed / 25) + 1);
    for (const b of readingBatches) {
      expect(b.events).toHaveLength(1);
      const readings = b.events[0]?.type === 'instruments:readings' ? b.events[0].readings : [];
      expect(readings.map((r) => r.channel)).toEqual(['fast:sine_wave', 'fast:cosine_wave']);
    }
  });

  it('readings of a removed instrument are dropped', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev }, readingsIntervalMs: 30 });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
    await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', sample_rate_hz: 100 } });
    const ctx = dev.ctx('meter');
    await nextEvent(h, readingOf('gen:sine_wave'));
    ctx.emit('power', 1, 'W');
    await ok(h, 'RemoveInstrumentDynamic', { id: 'meter' });
    const from = h.batches.length;
    await nextEvent(h, readingOf('gen:sine_wave'));
    ctx.emit('power', 2, 'W');
    await nextEvent(h, readingOf('gen:sine_wave'));
    expect(h.batches.slice(from).some((b) => b.events.some(readingOf('meter:power')))).toBe(false);
  });
});
