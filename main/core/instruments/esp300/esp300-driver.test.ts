/**
 * The ESP300 driver against the ESP300 simulator over a real pseudo-terminal pair: version
 * check, axis setup in the manual's order, positions in each axis's unit, silent setters and
 * moves, garbage, silence, RTS/DTR on a pty, and a pulled cable that comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import { Esp300Sim } from '../../serial/index.js';
import { fastSerialEnv, PtyBench, RecordingContext } from '../test-support/serial-test-kit.js';
import { Esp300Driver } from './esp300-driver.js';

const bench = new PtyBench();
const drivers: Esp300Driver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.disconnect()));
  await bench.cleanup();
});

/** A reply timeout no test lives to see: a call that waited for a reply would not return. */
const NO_TIMEOUT_IN_TEST = 600_000;

const axes = {
  axis1: { units: 2, velocity: 5, acceleration: 10 },
  axis3: { units: 7, velocity: 10 },
};

async function connected(extra: Record<string, unknown> = {}, replyTimeoutMs = 300) {
  const sim = new Esp300Sim();
  const served = await bench.serve(sim);
  const ctx = new RecordingContext('stage');
  const driver = new Esp300Driver(ctx, fastSerialEnv(replyTimeoutMs));
  drivers.push(driver);
  const config = { type: 'esp300', port: served.link, polling_rate_hz: 50, ...axes, ...extra } as InstrumentConfig;
  await driver.connect(config);
  await vi.waitFor(() => expect(ctx.of(`axis${config['num_axes'] ?? 3}_position`).length).toBeGreaterThan(0), { timeout: 3000 });
  return { sim, served, ctx, driver, config };
}

describe('ESP300 driver over a pty', () => {
  it('checks the version, then sets units before velocity and acceleration, each read back', async () => {
    const { sim, ctx } = await connected();
    expect(sim.received.slice(0, 13)).toEqual([
      'VE?\r\n',
      '1SN2\r\n',
      '1SN?\r\n',
      '1VA5.000000\r\n',
      '1VA?\r\n',
      '1AC10.000000\r\n',
      '1AC?\r\n',
      '3SN7\r\n',
      '3SN?\r\n',
      '3VA10.000000\r\n',
      '3VA?\r\n',
      '1TP?\r\n',
      '2TP?\r\n',
    ]);
    // RTS/DTR are raised for controllers that want them; a pty cannot, which is only a warning.
    expect(ctx.warnings).toEqual([expect.stringMatching(/^stage: could not raise RTS\/DTR on .+; continuing without/)]);
    expect(sim.axes[2]).toMatchObject({ units: 7, velocity: 10 });
  });

  it('streams every axis position in its own unit', async () => {
    const { ctx } = await connected();
    expect(ctx.of('axis1_position')[0]).toMatchObject({ unit: 'mm' });
    expect(ctx.of('axis2_position')[0]).toMatchObject({ unit: 'mm' });
    expect(ctx.of('axis3_position')[0]).toMatchObject({ unit: 'deg' });
    expect(Math.abs(ctx.of('axis1_position')[0]!.value)).toBeLessThan(1e-3);
  });

  it('polls only the axes in use', async () => {
    const { sim } = await connected({ num_axes: 1, axis3: undefined });
    sim.clearReceived();
    await vi.waitFor(() => expect(sim.received.length).toBeGreaterThan(3));
    expect(new Set(sim.received)).toEqual(new Set(['1TP?\r\n']));
  });

  it('sets each live axis parameter with the exact bytes; a unit change sends velocity and acceleration again', async () => {
    const { sim, driver, config } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    const next = { ...config, axis1: { units: 3, velocity: 2.5, acceleration: 7.25 } };
    await driver.applyParameter('axis1.velocity', 2.5, { ...config, axis1: { ...axes.axis1, velocity: 2.5 } });
    await driver.applyParameter('axis1.acceleration', 7.25, { ...config, axis1: { ...axes.axis1, velocity: 2.5, acceleration: 7.25 } });
    await driver.applyParameter('axis1.units', 3, next);
    expect(sim.received).toEqual([
      '1VA2.500000\r\n',
      '1VA?\r\n',
      '1AC7.250000\r\n',
      '1AC?\r\n',
      '1SN3\r\n',
      '1SN?\r\n',
      '1VA2.500000\r\n',
      '1VA?\r\n',
      '1AC7.250000\r\n',
      '1AC?\r\n',
    ]);
    expect(sim.axes[0]).toMatchObject({ units: 3, velocity: 2.5, acceleration: 7.25 });
  });

  it('moves silently and reports motion done', async () => {
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    await driver.moveAbsolute(2, 0.05);
    expect(await driver.motionDone(2)).toBe(false);
    await vi.waitFor(async () => expect(await driver.motionDone(2)).toBe(true), { timeout: 2000 });
    expect(sim.received.slice(0, 2)).toEqual(['2PA0.050000\r\n', '2MD?\r\n']);
    expect(sim.position(2)).toBeCloseTo(0.05, 9);
  });

  it('runs its actions with the exact bytes, silently: move_to (nPA), home (nOR), stop of one axis or of every axis in use (nST)', async () => {
    // The controller never answers nPA, nOR or nST, and no reply timeout runs out within the
    // test (ten minutes): an action that waited for a reply would never return.
    const { sim, driver } = await connected({ polling_rate_hz: 0.1, num_axes: 2, axis3: undefined }, NO_TIMEOUT_IN_TEST);
    sim.clearReceived();
    expect(await driver.runAction('move_to', { axis: 2, position: -1.25 })).toEqual({ completed: false });
    expect(await driver.runAction('stop', { axis: 2 })).toEqual({ completed: false });
    expect(await driver.runAction('home', { axis: 1 })).toEqual({ completed: false });
    await driver.runAction('stop', {});
    await vi.waitFor(() => expect(sim.received).toEqual(['2PA-1.250000\r\n', '2ST\r\n', '1OR\r\n', '1ST\r\n', '2ST\r\n']));
    await expect(driver.runAction('jog', {})).rejects.toMatchObject({ code: 'VALIDATION', message: 'Newport ESP300 has no action "jog"' });
  });

  it('never waits for a reply to a silent setter, even with a long reply timeout', async () => {
    // The controller never answers nPA or nST, and no reply timeout runs out within the test
    // (ten minutes): these calls return only because they do not wait for a reply.
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 }, NO_TIMEOUT_IN_TEST);
    sim.clearReceived();
    await driver.moveAbsolute(1, 1);
    await driver.stop(1);
    await vi.waitFor(() => expect(sim.received).toEqual(['1PA1.000000\r\n', '1ST\r\n']));
  });

  it('reports a missing reply and a garbage reply with clear errors naming the command', async () => {
    const { sim, driver, config, served } = await connected({ polling_rate_hz: 0.1 });
    sim.injectFault('no-reply', 1);
    await expect(driver.applyParameter('axis1.velocity', 3, config)).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: `no reply to "1VA?" from ${served.link} within 300 ms`,
    });
    sim.injectFault('garbage', 1);
    await expect(driver.applyParameter('axis1.velocity', 3, config)).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: expect.stringMatching(/^unexpected reply from Newport ESP300 to "1VA\?": ".+" \(expected a number\)$/),
    });
    await driver.applyParameter('axis1.velocity', 3, config);
  });

  it('refuses a device whose version is not an ESP', async () => {
    const sim = new Esp300Sim();
    sim.injectFault('garbage', 1);
    const served = await bench.serve(sim);
    const driver = new Esp300Driver(new RecordingContext(), fastSerialEnv());
    await expect(driver.connect({ type: 'esp300', port: served.link })).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: expect.stringMatching(/^unexpected reply from Newport ESP300 to "VE\?"/),
    });
  });

  it('survives the port being unplugged and plugged back in, setting the axes up again', async () => {
    const { ctx, served, sim } = await connected();
    await served.unplug();
    await vi.waitFor(() => expect(ctx.faults).toEqual([`port ${served.link} disconnected, reconnecting`]), { timeout: 3000 });
    sim.clearReceived();
    await served.replug();
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 5000 });
    expect(sim.received.slice(0, 2)).toEqual(['VE?\r\n', '1SN2\r\n']);
    const before = ctx.of('axis1_position').length;
    await vi.waitFor(() => expect(ctx.of('axis1_position').length).toBeGreaterThan(before + 2), { timeout: 3000 });
  });
});
