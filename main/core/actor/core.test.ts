/**
 * The actor end to end: a real core on a temp copy of a config file, with fake drivers injected
 * through `createCore({drivers})` where a test needs a device that fails, hangs, refuses a
 * parameter or records what it was asked. Every answer is checked against the contract.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../index.js';
import { BASE, BENCH, FakeDevice, cleanups, instruments, modules, never, newport, nextEvent, ok, readingOf, refused, root, settings, startCore, stateBatches } from './test-support/test-kit.js';

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
    const h = await startCore(`${BENCH}\n[instruments.meter]\ntype = "newport_1830c"\nport = "/dev/ttyDAQ-test-absent"\n`);
    const list = await instruments(h);
    expect(list['meter']).toMatchObject({ status: 'error', statusReason: expect.stringMatching(/^serial port \/dev\/ttyDAQ-test-absent does not exist/) });
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

describe('GetLatestReadings', () => {
  it('answers the latest value of every channel, and forgets those of a removed instrument', async () => {
    const h = await startCore(BASE);
    const streaming = nextEvent(h, readingOf('gen:cosine_wave'));
    await ok(h, 'AddInstrumentDynamic', { id: 'gen', config: { type: 'mock', sample_rate_hz: 100 } });
    await streaming;
    const { readings } = await ok(h, 'GetLatestReadings', {});
    expect(readings.map((r) => r.channel)).toEqual(['gen:cosine_wave', 'gen:sine_wave']);
    expect(readings[0]).toMatchObject({ unit: 'V', value: expect.any(Number), timestamp: expect.any(Number) });
    await ok(h, 'RemoveInstrumentDynamic', { id: 'gen' });
    expect((await ok(h, 'GetLatestReadings', {})).readings).toEqual([]);
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
    ['bad nested field', { type: 'esp300', port: '/dev/ttyX', axis1: { velocity: -1 } }, [{ path: 'axis1.velocity', message: 'out of range (0..1000 units/s)' }]],
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
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'stage', config: { type: 'esp300', port: '/dev/ttyDAQ-test-absent' } }, 'UNAVAILABLE');
    expect(err.message).toMatch(/^instrument "stage" was not added: serial port \/dev\/ttyDAQ-test-absent does not exist/);
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
