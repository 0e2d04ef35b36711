/**
 * The 1830-C driver against the 1830-C simulator over a real pseudo-terminal pair (socat):
 * exact command bytes, silent setters, unit-aware readings, error replies, garbage, silence,
 * and a pulled cable that comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import { Newport1830cSim, type ServedSimulator } from '../../serial/index.js';
import { fastSerialEnv, PtyBench, RecordingContext } from '../test-support/serial-test-kit.js';
import { Newport1830cDriver } from './newport-1830c-driver.js';

const bench = new PtyBench();
const drivers: Newport1830cDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.disconnect()));
  await bench.cleanup();
});

/** A reply timeout no test lives to see: a call that waited for a reply would not return. */
const NO_TIMEOUT_IN_TEST = 600_000;

async function connected(extra: Partial<InstrumentConfig> = {}, replyTimeoutMs = 300) {
  const sim = new Newport1830cSim({ powerW: 1e-3 });
  const served = await bench.serve(sim);
  const ctx = new RecordingContext('pm');
  const driver = new Newport1830cDriver(ctx, fastSerialEnv(replyTimeoutMs));
  drivers.push(driver);
  const config = { type: 'newport_1830c', port: served.link, polling_rate_hz: 50, ...extra } as InstrumentConfig;
  await driver.connect(config);
  // The first poll runs right after connect; let it finish so a test's faults and byte
  // expectations concern only what the test does.
  await vi.waitFor(() => expect(ctx.of('power').length).toBeGreaterThan(0), { timeout: 3000 });
  return { sim, served, ctx, driver, config };
}

describe('Newport 1830-C driver over a pty', () => {
  it('connects with the exact init bytes: W units, config wavelength, filter, then read-backs and a probe reading', async () => {
    const { sim } = await connected({ wavelength: 780, filter: 3, attenuator: 1 });
    expect(sim.received.slice(0, 7)).toEqual(['U1\n', 'W0780\n', 'A1\n', 'F3\n', 'U?\n', 'W?\n', 'D?\n']);
    expect(sim.state).toMatchObject({ wavelength: 780, filter: 3, attenuator: 1, units: 1 });
  });

  it('streams power readings in W around the simulated 1 mW', async () => {
    const { ctx } = await connected();
    await vi.waitFor(() => expect(ctx.of('power').length).toBeGreaterThanOrEqual(5), { timeout: 3000 });
    for (const r of ctx.of('power')) {
      expect(r.unit).toBe('W');
      expect(r.value).toBeGreaterThan(0.95e-3);
      expect(r.value).toBeLessThan(1.05e-3);
    }
    expect(ctx.faults).toEqual([]);
  });

  it('sets every live parameter with the exact bytes and confirms where the meter can answer', async () => {
    const { sim, driver, config, ctx } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    ctx.readings.length = 0;
    await driver.applyParameter('wavelength', 1064, { ...config, wavelength: 1064 });
    await driver.applyParameter('range', 8, { ...config, range: 8 });
    await driver.applyParameter('range', 0, { ...config, range: 0 });
    await driver.applyParameter('units', 1, { ...config, units: 1 });
    await driver.applyParameter('attenuator', 1, { ...config, attenuator: 1 });
    await driver.applyParameter('filter', 1, { ...config, filter: 1 });
    await vi.waitFor(() => expect(sim.received).toEqual(['W1064\n', 'W?\n', 'R8\n', 'R?\n', 'R0\n', 'R?\n', 'U2\n', 'U?\n', 'A1\n', 'F1\n']));
    expect(sim.state).toMatchObject({ wavelength: 1064, range: 0, units: 2, attenuator: 1, filter: 1 });
    // Config units 1 (dBm) is wire U2; readings now carry dBm: 1 mW is about 0 dBm.
    const reading = await driver.readPower();
    expect(reading.unit).toBe('dBm');
    expect(Math.abs(reading.value)).toBeLessThan(0.5);
    expect(ctx.faults).toEqual([]);
  });

  it('never waits for a reply to a silent setter, even with a long reply timeout', async () => {
    // The meter never answers A or F, and no reply timeout runs out within the test (ten
    // minutes): these calls return only because they do not wait for a reply.
    const { sim, driver, config } = await connected({ polling_rate_hz: 0.1 }, NO_TIMEOUT_IN_TEST);
    sim.clearReceived();
    await driver.applyParameter('attenuator', 1, { ...config, attenuator: 1 });
    await driver.applyParameter('filter', 3, { ...config, filter: 3 });
    // Written, not waited on: the simulator sees them a moment later and answers nothing.
    await vi.waitFor(() => expect(sim.received).toEqual(['A1\n', 'F3\n']));
  });

  it('zeroes with CS, silently (the meter answers nothing)', async () => {
    // As above: the meter never answers CS, so only a zero that does not wait for a reply returns.
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 }, NO_TIMEOUT_IN_TEST);
    sim.clearReceived();
    expect(await driver.runAction('zero', {})).toEqual({ completed: false });
    await vi.waitFor(() => expect(sim.received).toEqual(['CS\n']));
  });

  it('reports a missing reply and a garbage reply with clear errors naming the command', async () => {
    const { sim, driver, config, served } = await connected({ polling_rate_hz: 0.1 });
    sim.injectFault('no-reply', 1);
    await expect(driver.applyParameter('wavelength', 900, { ...config, wavelength: 900 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: `no reply to "W?" from ${served.link} within 300 ms`,
    });
    sim.injectFault('garbage', 1);
    await expect(driver.applyParameter('wavelength', 900, { ...config, wavelength: 900 })).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: expect.stringMatching(/^unexpected reply from Newport 1830-C to "W\?": "\\xfe\?\\x8a!~\\x00\\xd5" \(expected an integer\)$/),
    });
    // The link is usable again straight after.
    await driver.applyParameter('wavelength', 900, { ...config, wavelength: 900 });
    expect(sim.state.wavelength).toBe(900);
  });

  it('turns OVER and bad polls into a fault and recovers when the meter reads again', async () => {
    const { sim, ctx, driver, config } = await connected();
    await driver.applyParameter('range', 3, { ...config, range: 3 });
    await vi.waitFor(() => expect(ctx.faults).toEqual(['Newport 1830-C answered "OVER" to "D?" (signal above the range)']), { timeout: 3000 });
    await driver.applyParameter('range', 0, { ...config, range: 0 }).catch(() => undefined);
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 3000 });
    sim.injectFault('garbage', 1);
    await vi.waitFor(() => expect(ctx.faults[1]).toMatch(/^unexpected reply from Newport 1830-C to "D\?"/), { timeout: 3000 });
    await vi.waitFor(() => expect(ctx.recoveries).toBe(2), { timeout: 3000 });
  });

  it('survives the port being unplugged and plugged back in on the same path, without a restart', async () => {
    const { ctx, served } = await connected({ wavelength: 850 });
    await vi.waitFor(() => expect(ctx.of('power').length).toBeGreaterThan(0), { timeout: 3000 });
    await served.unplug();
    await vi.waitFor(() => expect(ctx.faults).toEqual([`port ${served.link} disconnected, reconnecting`]), { timeout: 3000 });
    served.sim.clearReceived();
    await served.replug();
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 5000 });
    // The meter was set up again after the reconnect, and readings flow again.
    expect(served.sim.received.slice(0, 3)).toEqual(['U1\n', 'W0850\n', 'U?\n']);
    const before = ctx.of('power').length;
    await vi.waitFor(() => expect(ctx.of('power').length).toBeGreaterThan(before + 2), { timeout: 3000 });
  });

  it('refuses a device that does not answer at connect, naming the port', async () => {
    const sim = new Newport1830cSim();
    sim.injectFault('no-reply');
    const served: ServedSimulator = await bench.serve(sim);
    const driver = new Newport1830cDriver(new RecordingContext(), fastSerialEnv(150));
    await expect(driver.connect({ type: 'newport_1830c', port: served.link })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining(served.link) });
  });
});
