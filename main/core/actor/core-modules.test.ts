/**
 * The actor end to end, modules, the contract and event batches: role assignment and module
 * state, payload validation against the contract, and the seq ordering of batches.
 */
import { describe, expect, it, vi } from 'vitest';
import { commands, type CommandName } from '../../../shared/ipc/contract.js';
import { BASE, BENCH, FakeDevice, call, instruments, modules, newport, nextEvent, ok, readingOf, refused, settings, startCore, stateBatches } from './test-support/test-kit.js';

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

  it('a missing payload counts as an empty request; null does not', async () => {
    const h = await startCore(BASE);
    expect((await h.core.call('GetAppState', undefined)).ok).toBe(true);
    expect(await h.core.call('ListModules', null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
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
    // The readings ticker runs on fake intervals: the ticks that fall inside the command are
    // run by hand while the driver's connect is held, however fast or slow the machine is.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let release: () => void = () => undefined;
    try {
      const dev = new FakeDevice();
      // The connect is held by the test, not by time: its timeout only has to outlast the test.
      const h = await startCore(BASE, { drivers: { newport_1830c: dev }, readingsIntervalMs: 10, timeouts: { connectMs: 30_000 } });
      await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport() });
      await ok(h, 'AddInstrumentDynamic', { id: 'other', config: newport({ port: '/dev/ttyUSB1' }) });
      let connectEntered: () => void = () => undefined;
      const connecting = new Promise<void>((r) => (connectEntered = r));
      dev.behaviour = {
        connect: () =>
          new Promise<void>((r) => {
            release = r;
            connectEntered();
          }),
      };
      const from = h.batches.length;
      const command = ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'baud_rate', value: 19200 });
      await connecting;
      // Five ticks while the restart waits for its connect, each with a reading to send, so
      // the ticks provably ran: readings go out, the command's state events must not.
      for (let tick = 1; tick <= 5; tick += 1) {
        dev.ctx('other').emit('power', tick, 'W');
        vi.advanceTimersByTime(10);
      }
      const readingsDuringCommand = h.batches.slice(from).filter((b) => b.events.some(readingOf('other:power')));
      expect(readingsDuringCommand).toHaveLength(5);
      expect(stateBatches(h, from)).toEqual([]);
      release();
      await command;
      const batches = stateBatches(h, from);
      expect(batches).toHaveLength(1);
      const statuses = batches[0]!.events.flatMap((e) => (e.type === 'instruments:instrument-changed' ? [e.instrument.status] : []));
      expect(statuses.at(-1)).toBe('running');
    } finally {
      // A failed check must not leave the command holding the mailbox, or stopping the core waits on it.
      release();
      vi.useRealTimers();
    }
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
    // The rate limit is about time: the ticker, the mock's sampling and its clock run on fake
    // time, so 250 ms are exactly ten intervals however loaded the machine is.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const h = await startCore(BASE, { readingsIntervalMs: 25 });
      await ok(h, 'AddInstrumentDynamic', { id: 'fast', config: { type: 'mock', sample_rate_hz: 5000 } });
      const from = h.batches.length;
      // A hundred samples per channel every 20 ms: every interval has many readings to coalesce.
      vi.advanceTimersByTime(250);
      const readingBatches = h.batches.slice(from).filter((b) => b.events.some((e) => e.type === 'instruments:readings'));
      expect(readingBatches).toHaveLength(250 / 25);
      for (const b of readingBatches) {
        expect(b.events).toHaveLength(1);
        const readings = b.events[0]?.type === 'instruments:readings' ? b.events[0].readings : [];
        expect(readings.map((r) => r.channel)).toEqual(['fast:sine_wave', 'fast:cosine_wave']);
      }
    } finally {
      vi.useRealTimers();
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
