/**
 * The actor end to end, parameters and removal: updates of every value type, live versus
 * restart, refusals, removal with and without dependents, and the add → update → remove flow.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { BASE, BENCH, FakeBehaviour, FakeDevice, instruments, modules, never, newport, nextEvent, ok, readingOf, refused, settings, startCore, stateBatches } from './test-support/test-kit.js';

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
