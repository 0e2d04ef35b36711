/**
 * InstrumentAction in a running core against the in-process simulators: each action reaches
 * the device as its exact command bytes, arguments are checked against the instrument's action
 * table (VALIDATION with the argument's path), an instrument that is not running answers
 * INVALID_STATE, and a move that waits on the device holds up no other command.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ElliptecSim, Esp300Sim, MaiTaiSim, Newport1830cSim } from '../serial/index.js';
import { ok, refused, SIM_BENCH, startSimBench } from '../modules/test-support/sim-bench-test-kit.js';
import { BASE, FakeDevice, never, ok as okCall, refused as refusedCall, startCore } from './test-support/test-kit.js';

const BENCH = `${SIM_BENCH}
[instruments.probe]
type = "mock"
profile = "stage"
sample_rate_hz = 20.0

[instruments.sig]
type = "mock"
sample_rate_hz = 5.0
`;

describe('InstrumentAction', () => {
  it('ESP300: move_to, home and stop go out as nPA, nOR and nST; stop with no axis stops every axis', async () => {
    const bench = await startSimBench(BENCH);
    const sim = bench.sim<Esp300Sim>('sim://esp300');
    sim.clearReceived();
    expect(await ok(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'move_to', args: { axis: 2, position: 2.5 } })).toEqual({ id: 'xyz_stage', action: 'move_to', completed: false });
    await ok(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'stop', args: { axis: 2 } });
    await ok(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'home', args: { axis: 3 } });
    await ok(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'stop' });
    // Silent commands: answered once written; the controller sees them a moment later.
    await vi.waitFor(() => expect(sim.received.filter((c) => !/TP\?/.test(c))).toEqual(['2PA2.500000\r\n', '2ST\r\n', '3OR\r\n', '1ST\r\n', '2ST\r\n', '3ST\r\n']));
    expect(sim.moving(2)).toBe(false);
  });

  it('ELL14: move_to answers on arrival with where the mount is; home and stop by address', async () => {
    const bench = await startSimBench(BENCH);
    const sim = bench.sim<ElliptecSim>('sim://elliptec');
    sim.clearReceived();
    const moved = await ok(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'move_to', args: { address: 1, angle: 45 } });
    expect(moved).toEqual({ id: 'hwp_rotator', action: 'move_to', completed: true, position: expect.closeTo(45, 2) });
    expect(await ok(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'home', args: { address: 1 } })).toMatchObject({ completed: true, position: 0 });
    expect(await ok(bench, 'InstrumentAction', { id: 'hwp_rotator', action: 'stop' })).toEqual({ id: 'hwp_rotator', action: 'stop', completed: true });
    expect(sim.received.filter((c) => !/gp$/.test(c))).toEqual(['1ma00004600', '1ho0', '0st', '1st']);
  });

  it('MaiTai: the shutter opens and closes, each read back; 1830-C: zero is CS', async () => {
    const bench = await startSimBench(BENCH);
    const laser = bench.sim<MaiTaiSim>('sim://maitai');
    const meter = bench.sim<Newport1830cSim>('sim://newport_1830c/reference');
    laser.clearReceived();
    meter.clearReceived();
    expect(await ok(bench, 'InstrumentAction', { id: 'ti_sapph', action: 'open_shutter' })).toMatchObject({ completed: true });
    expect(laser.state.shutter).toBe(1);
    await ok(bench, 'InstrumentAction', { id: 'ti_sapph', action: 'close_shutter', args: {} });
    expect(laser.state.shutter).toBe(0);
    expect(laser.received.filter((c) => /^SHUTTER/.test(c))).toEqual(['SHUTTER:1\r\n', 'SHUTTER?\r\n', 'SHUTTER:0\r\n', 'SHUTTER?\r\n']);
    expect(await ok(bench, 'InstrumentAction', { id: 'pm_reference', action: 'zero' })).toEqual({ id: 'pm_reference', action: 'zero', completed: false });
    await vi.waitFor(() => expect(meter.received.filter((c) => c !== 'D?\n')).toEqual(['CS\n']));
  });

  it('a mock stage moves at once; a mock that is no stage has no actions', async () => {
    const bench = await startSimBench(BENCH);
    expect(await ok(bench, 'InstrumentAction', { id: 'probe', action: 'move_to', args: { position: -3.25 } })).toMatchObject({ completed: true, position: -3.25 });
    const none = await refused(bench, 'InstrumentAction', { id: 'sig', action: 'move_to', args: { position: 1 } }, 'VALIDATION');
    expect(none.message).toBe('instrument "sig": mock has no action "move_to" (it has no actions)');
  });

  it('checks the action and its arguments against the instrument: unknown, missing, out of range, not configured, unknown argument', async () => {
    const bench = await startSimBench(BENCH);
    const cases: [unknown, string, string][] = [
      [{ id: 'xyz_stage', action: 'jump' }, 'action', 'instrument "xyz_stage": esp300 has no action "jump" (actions: move_to, home, stop)'],
      [{ id: 'xyz_stage', action: 'move_to', args: { axis: 1 } }, 'args.position', 'instrument "xyz_stage": move_to: args.position: required parameter is missing'],
      [{ id: 'xyz_stage', action: 'move_to', args: { axis: 4, position: 1 } }, 'args.axis', 'instrument "xyz_stage": move_to: args.axis: out of range (1..3)'],
      [{ id: 'xyz_stage', action: 'move_to', args: { axis: 1, position: '1' } }, 'args.position', 'instrument "xyz_stage": move_to: args.position: must be a number'],
      [{ id: 'hwp_rotator', action: 'move_to', args: { address: 2, angle: 10 } }, 'args.address', 'instrument "hwp_rotator": move_to: args.address: no mount at this address on the bus (device_addresses: 0, 1)'],
      [{ id: 'hwp_rotator', action: 'stop', args: { speed: 1 } }, 'args.speed', 'instrument "hwp_rotator": stop: args.speed: unknown argument'],
    ];
    for (const [payload, path, message] of cases) {
      const err = await refused(bench, 'InstrumentAction', payload, 'VALIDATION');
      expect(err.message).toBe(message);
      expect((err.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
    }
    await refused(bench, 'InstrumentAction', { id: 'ghost', action: 'stop' }, 'NOT_FOUND');
    await refused(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'Stop' }, 'VALIDATION');
    await refused(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'stop', extra: 1 }, 'VALIDATION');
  });

  it('an instrument that is not running answers INVALID_STATE', async () => {
    const bench = await startSimBench(BENCH);
    bench.env.simulators.unplug('sim://esp300');
    await vi.waitFor(async () => expect((await ok(bench, 'ListInstruments', {})).instruments.find((i) => i.id === 'xyz_stage')?.status).toBe('error'));
    const err = await refused(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'stop' }, 'INVALID_STATE');
    expect(err).toEqual({ code: 'INVALID_STATE', message: 'instrument "xyz_stage" is not running (error)', details: { id: 'xyz_stage' } });
  });

  it('a move waiting on the device holds up no other command', async () => {
    const bench = await startSimBench(BENCH);
    const sim = bench.sim<ElliptecSim>('sim://elliptec');
    // A slow mount: an eighth of a turn takes over a second.
    sim.mounts.get(0)!.velocity = 10;
    let moving = true;
    const move = bench.core.call('InstrumentAction', { id: 'hwp_rotator', action: 'move_to', args: { address: 0, angle: 45 } }).finally(() => {
      moving = false;
    });
    await ok(bench, 'ListInstruments', {});
    await ok(bench, 'InstrumentAction', { id: 'xyz_stage', action: 'stop' });
    expect(moving).toBe(true);
    expect(await move).toMatchObject({ ok: true, value: { completed: true, position: expect.closeTo(45, 2) } });
  });

  it('a device that throws, or does not answer in time, is DEVICE_ERROR or TIMEOUT naming the action', async () => {
    const dev = new FakeDevice();
    const h = await startCore(`${BASE}\n[instruments.stage]\ntype = "esp300"\nport = "/dev/ttyUSB0"\n`, { drivers: { esp300: dev } });
    dev.behaviour = { action: () => Promise.reject(new Error('limit switch')) };
    expect((await refusedCall(h, 'InstrumentAction', { id: 'stage', action: 'stop' }, 'DEVICE_ERROR')).message).toBe('stage refused stop: limit switch');
    dev.behaviour = { action: never as never };
    expect((await refusedCall(h, 'InstrumentAction', { id: 'stage', action: 'stop', args: { axis: 1 } }, 'TIMEOUT')).message).toBe('stop on stage did not finish within 300 ms');
    dev.behaviour = {};
    expect(await okCall(h, 'InstrumentAction', { id: 'stage', action: 'home', args: { axis: 3 } })).toEqual({ id: 'stage', action: 'home', completed: false });
    expect(dev.actions.map((a) => [a.action, a.args])).toEqual([
      ['stop', {}],
      ['stop', { axis: 1 }],
      ['home', { axis: 3 }],
    ]);
    expect(h.logs.filter((l) => l.source === 'stage').map((l) => l.message)).toEqual([
      'stop',
      'stop failed: stage refused stop: limit switch',
      'stop {"axis":1}',
      'stop failed: stop on stage did not finish within 300 ms',
      'home {"axis":3}',
    ].map((m) => `stage: ${m}`));
  });
});
