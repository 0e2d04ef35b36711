/**
 * The ELL14 bus driver against the ELL14 simulator over a real pseudo-terminal pair: hex
 * addresses, no command terminator, pulses per turn read from each mount's info reply, velocity
 * set and read back on every mount, a move that answers only when finished, status errors,
 * garbage, silence, one owner per bus, and a pulled cable that comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import { ElliptecSim, type SerialEnv } from '../../serial/index.js';
import { fastSerialEnv, PtyBench, RecordingContext } from '../test-support/serial-test-kit.js';
import { ElliptecDriver } from './elliptec-driver.js';

const bench = new PtyBench();
const drivers: ElliptecDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.disconnect()));
  await bench.cleanup();
});

async function connected(extra: Record<string, unknown> = {}, sim = new ElliptecSim({ addresses: [0, 10] }), env: SerialEnv = fastSerialEnv()) {
  const served = await bench.serve(sim);
  const ctx = new RecordingContext('rotators');
  const driver = new ElliptecDriver(ctx, env);
  drivers.push(driver);
  const config = { type: 'elliptec', port: served.link, device_addresses: [0, 10], polling_rate_hz: 20, ...extra } as InstrumentConfig;
  await driver.connect(config);
  await vi.waitFor(() => expect(ctx.of('deviceA_position').length).toBeGreaterThan(0), { timeout: 3000 });
  return { sim, served, ctx, driver, config };
}

describe('ELL14 bus driver over a pty', () => {
  it('asks every mount for its info by hex address, with no terminator, then polls positions', async () => {
    const { sim } = await connected();
    expect(sim.received.slice(0, 4)).toEqual(['0in', 'Ain', '0gp', 'Agp']);
  });

  it('converts positions with each mount’s own pulses per turn from its info reply', async () => {
    const sim = new ElliptecSim({ addresses: [0, 10] });
    sim.mounts.get(10)!.pulsesPerRev = 136533;
    Object.assign(sim.mounts.get(0)!, { from: 18000, target: 18000 });
    Object.assign(sim.mounts.get(10)!, { from: 18000, target: 18000 });
    const { ctx } = await connected({}, sim);
    expect(ctx.of('device0_position')[0]).toEqual({ channel: 'device0_position', value: expect.closeTo((18000 / 143360) * 360, 9), unit: 'deg' });
    expect(ctx.of('deviceA_position')[0]!.value).toBeCloseTo((18000 / 136533) * 360, 9);
  });

  it('sets the live velocity on every mount with the exact bytes and reads it back', async () => {
    const { sim, driver, config } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    await driver.applyParameter('velocity', 80, { ...config, velocity: 80 });
    expect(sim.received).toEqual(['0sv50', '0gv', 'Asv50', 'Agv']);
    expect(sim.mounts.get(10)!.velocity).toBe(80);
  });

  it('sets a configured velocity at connect', async () => {
    const { sim } = await connected({ velocity: 60 });
    expect(sim.received.slice(0, 6)).toEqual(['0in', 'Ain', '0sv3C', '0gv', 'Asv3C', 'Agv']);
  });

  it('waits for a move to finish (longer than a query may take), then reports where it arrived', async () => {
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    const started = performance.now();
    const arrived = await driver.moveAbsolute(10, 135); // ~0.375 s at full speed, over the 300 ms query timeout
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(arrived).toBeCloseTo(135, 2);
    expect(sim.received).toEqual([`Ama${(Math.round((135 / 360) * 143360) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`]);
    expect(sim.received[0]).toBe('Ama0000D200');
  });

  it('runs its actions by hex address: move_to and home answer on arrival with the position, stop answers its status', async () => {
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    expect(await driver.runAction('move_to', { address: 10, angle: 90 })).toEqual({ completed: true, position: expect.closeTo(90, 2) });
    expect(await driver.runAction('home', { address: 10 })).toEqual({ completed: true, position: 0 });
    expect(await driver.runAction('stop', {})).toEqual({ completed: true });
    expect(await driver.runAction('stop', { address: 10 })).toEqual({ completed: true });
    expect(sim.received).toEqual(['Ama00008C00', 'Aho0', '0st', 'Ast', 'Ast']);
    expect(sim.pulses(10)).toBe(0);
  });

  it('turns a status reply into an error naming the mount and the status', async () => {
    const { driver, config } = await connected({ polling_rate_hz: 0.1 });
    await expect(driver.applyParameter('velocity', 101, { ...config, velocity: 101 })).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: 'ELL14 at address 0 reports value out of range (GS04) after "0sv65"',
    });
  });

  it('refuses to connect when a configured address has no mount, naming the address', async () => {
    const sim = new ElliptecSim({ addresses: [0] });
    const served = await bench.serve(sim);
    const driver = new ElliptecDriver(new RecordingContext(), fastSerialEnv(150));
    await expect(driver.connect({ type: 'elliptec', port: served.link, device_addresses: [0, 3] })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: `no ELL14 answers at bus address 3: no reply to "3in" from ${served.link} within 150 ms`,
    });
  });

  it('reports a missing reply and a garbage reply on polls as faults, and recovers', async () => {
    const { sim, ctx, served } = await connected();
    sim.injectFault('no-reply', 1);
    await vi.waitFor(() => expect(ctx.faults[0]).toMatch(new RegExp(`^no reply to "[0A]gp" from ${served.link} within 300 ms$`)), { timeout: 3000 });
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 3000 });
    sim.injectFault('garbage', 1);
    await vi.waitFor(() => expect(ctx.faults[1]).toMatch(/^unexpected reply from ELL14 at address [0A] to "[0A]gp": ".+" \(expected a [0A]PO reply\)$/), { timeout: 3000 });
    await vi.waitFor(() => expect(ctx.recoveries).toBe(2), { timeout: 3000 });
  });

  it('is the one owner of its port: a second instrument on it is refused, naming the owner', async () => {
    const env = fastSerialEnv();
    const { served } = await connected({}, undefined, env);
    const other = new ElliptecDriver(new RecordingContext('other'), env);
    await expect(other.connect({ type: 'elliptec', port: served.link, device_addresses: [2] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `serial port ${served.link} is already used by instrument "rotators"; a port has one owner`,
    });
  });

  it('survives the port being unplugged and plugged back in on the same path', async () => {
    const { ctx, served, sim } = await connected();
    await served.unplug();
    await vi.waitFor(() => expect(ctx.faults).toEqual([`port ${served.link} disconnected, reconnecting`]), { timeout: 3000 });
    sim.clearReceived();
    await served.replug();
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 5000 });
    expect(sim.received.slice(0, 2)).toEqual(['0in', 'Ain']);
    const before = ctx.of('device0_position').length;
    await vi.waitFor(() => expect(ctx.of('device0_position').length).toBeGreaterThan(before + 2), { timeout: 3000 });
  });
});
