/**
 * The MaiTai driver against the MaiTai simulator over a real pseudo-terminal pair: identity,
 * wavelength set silently and confirmed, readings with units (`820nm`, `3.00W`, `100mW`), a
 * percentage never read as watts, garbage, silence, and a pulled cable that comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import { MaiTaiSim } from '../../serial/index.js';
import { fastSerialEnv, PtyBench, RecordingContext } from '../test-support/serial-test-kit.js';
import { MaiTaiDriver } from './maitai-driver.js';

const bench = new PtyBench();
const drivers: MaiTaiDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.disconnect()));
  await bench.cleanup();
});

/** A reply timeout no test lives to see: a call that waited for a reply would not return. */
const NO_TIMEOUT_IN_TEST = 600_000;

async function connected(extra: Record<string, unknown> = {}, replyTimeoutMs = 300) {
  const sim = new MaiTaiSim();
  const served = await bench.serve(sim);
  const ctx = new RecordingContext('laser');
  const driver = new MaiTaiDriver(ctx, fastSerialEnv(replyTimeoutMs));
  drivers.push(driver);
  const config = { type: 'maitai', port: served.link, polling_rate_hz: 10, ...extra } as InstrumentConfig;
  await driver.connect(config);
  await vi.waitFor(() => expect(ctx.of('shutter').length).toBeGreaterThan(0), { timeout: 3000 });
  return { sim, served, ctx, driver, config };
}

describe('MaiTai driver over a pty', () => {
  it('checks the identity and sets the configured wavelength, confirmed by the set point', async () => {
    const { sim } = await connected({ wavelength: 820 });
    expect(sim.received.slice(0, 6)).toEqual([
      '*IDN?\r\n',
      'WAVELENGTH:820\r\n',
      'WAVELENGTH?\r\n',
      'READ:WAVELENGTH?\r\n',
      'READ:POWER?\r\n',
      'SHUTTER?\r\n',
    ]);
    expect(sim.state.setpoint).toBe(820);
  });

  it('streams wavelength in nm, power in W and the shutter state, parsing the unit suffixes', async () => {
    const { ctx } = await connected();
    expect(ctx.of('wavelength')[0]).toEqual({ channel: 'wavelength', value: 800, unit: 'nm' });
    const power = ctx.of('power')[0]!;
    expect(power.unit).toBe('W');
    expect(power.value).toBeGreaterThan(2.9);
    expect(power.value).toBeLessThan(3.1);
    expect(ctx.of('shutter')[0]).toEqual({ channel: 'shutter', value: 0, unit: 'state' });
  });

  it('reads an mW reply in W (emission off answers 0mW), and a percentage on its own channel, never as watts', async () => {
    const { ctx, sim } = await connected();
    sim.state.emission = false;
    await vi.waitFor(() => expect(ctx.of('power').at(-1)).toEqual({ channel: 'power', value: 0, unit: 'W' }));
    sim.state.emission = true;
    sim.state.powerFormat = 'percent';
    await vi.waitFor(() => expect(ctx.of('power_percent').length).toBeGreaterThan(0));
    const powerBefore = ctx.of('power').length;
    await vi.waitFor(() => expect(ctx.of('power_percent').length).toBeGreaterThan(2));
    expect(ctx.of('power').length).toBe(powerBefore);
    const percent = ctx.of('power_percent').at(-1)!;
    expect(percent.unit).toBe('%');
    expect(percent.value).toBeGreaterThan(90);
    expect(percent.value).toBeLessThan(97);
  });

  it('sets the live wavelength with the exact bytes, silently, then confirms it', async () => {
    // The laser never answers WAVELENGTH:915, and no reply timeout runs out within the test
    // (ten minutes): the set point query goes out only because the setter did not wait.
    const { sim, driver, config } = await connected({ polling_rate_hz: 0.1 }, NO_TIMEOUT_IN_TEST);
    sim.clearReceived();
    await driver.applyParameter('wavelength', 915, { ...config, wavelength: 915 });
    expect(sim.received).toEqual(['WAVELENGTH:915\r\n', 'WAVELENGTH?\r\n']);
  });

  it('opens and closes the shutter with the exact bytes, silently, each confirmed by a read-back', async () => {
    const { sim, driver } = await connected({ polling_rate_hz: 0.1 });
    sim.clearReceived();
    expect(await driver.runAction('open_shutter', {})).toEqual({ completed: true });
    expect(sim.state.shutter).toBe(1);
    expect(await driver.runAction('close_shutter', {})).toEqual({ completed: true });
    expect(sim.received).toEqual(['SHUTTER:1\r\n', 'SHUTTER?\r\n', 'SHUTTER:0\r\n', 'SHUTTER?\r\n']);
    sim.injectFault('no-reply', 1);
    await expect(driver.runAction('open_shutter', {})).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('no reply to "SHUTTER?"') });
  });

  it('refuses a wavelength the laser did not take, saying what it reports', async () => {
    const { driver, config } = await connected({ polling_rate_hz: 0.1 });
    // The schema stops 1100 nm; a laser that ignores a command looks the same to the driver.
    await expect(driver.applyParameter('wavelength', 1100, { ...config, wavelength: 1100 })).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: 'MaiTai did not take the wavelength: sent WAVELENGTH:1100, its set point is 800 nm',
    });
  });

  it('reports a missing reply and a garbage reply with clear errors naming the command', async () => {
    const { sim, driver, config, served } = await connected({ polling_rate_hz: 0.1 });
    sim.injectFault('no-reply', 1);
    await expect(driver.applyParameter('wavelength', 900, config)).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: `no reply to "WAVELENGTH?" from ${served.link} within 300 ms`,
    });
    sim.injectFault('garbage', 1);
    await expect(driver.applyParameter('wavelength', 900, config)).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: expect.stringMatching(/^unexpected reply from MaiTai to "WAVELENGTH\?": ".+" \(expected a wavelength such as 820nm\)$/),
    });
  });

  it('refuses a device whose identity is not a MaiTai', async () => {
    const sim = new MaiTaiSim();
    sim.injectFault('garbage', 1);
    const served = await bench.serve(sim);
    const driver = new MaiTaiDriver(new RecordingContext(), fastSerialEnv());
    await expect(driver.connect({ type: 'maitai', port: served.link })).rejects.toMatchObject({ message: expect.stringMatching(/^unexpected reply from MaiTai to "\*IDN\?"/) });
  });

  it('survives the port being unplugged and plugged back in on the same path', async () => {
    const { ctx, served, sim } = await connected({ wavelength: 780 });
    await served.unplug();
    await vi.waitFor(() => expect(ctx.faults).toEqual([`port ${served.link} disconnected, reconnecting`]), { timeout: 3000 });
    sim.clearReceived();
    await served.replug();
    await vi.waitFor(() => expect(ctx.recoveries).toBe(1), { timeout: 5000 });
    expect(sim.received.slice(0, 2)).toEqual(['*IDN?\r\n', 'WAVELENGTH:780\r\n']);
    const before = ctx.of('power').length;
    await vi.waitFor(() => expect(ctx.of('power').length).toBeGreaterThan(before + 1), { timeout: 3000 });
  });
});
