import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentStatus } from '../../../shared/model/runtime.js';
import type { DriverContext, DriverFactory, InstrumentDriver } from './driver.js';
import { InstrumentRuntime, withTimeout, type Timeouts } from './instrument-runtime.js';
import { createDriverRegistry, defaultDrivers } from './registry.js';
import { UnavailableDriver } from './unavailable-driver.js';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const timeouts: Timeouts = { connectMs: 40, applyMs: 40, stopMs: 40 };
const config: InstrumentConfig = { type: 'newport_1830c', port: '/dev/ttyUSB0' };

/** A scripted driver that records what the runtime asked of it. */
class ScriptedDriver implements InstrumentDriver {
  connects: InstrumentConfig[] = [];
  applied: [string, ParamValue][] = [];
  disconnects = 0;
  constructor(
    readonly ctx: DriverContext,
    private readonly script: {
      connect?: () => Promise<void>;
      apply?: () => Promise<void>;
      disconnect?: () => Promise<void>;
    },
  ) {}
  async connect(c: InstrumentConfig): Promise<void> {
    this.connects.push(c);
    await this.script.connect?.();
  }
  async applyParameter(path: string, value: ParamValue): Promise<void> {
    this.applied.push([path, value]);
    await this.script.apply?.();
  }
  async disconnect(): Promise<void> {
    this.disconnects += 1;
    await this.script.disconnect?.();
  }
}

function harness(script: ConstructorParameters<typeof ScriptedDriver>[1] = {}) {
  const drivers: ScriptedDriver[] = [];
  const statuses: InstrumentStatus[] = [];
  const readings: [string, number, string, number][] = [];
  const factory: DriverFactory = (ctx) => {
    const d = new ScriptedDriver(ctx, script);
    drivers.push(d);
    return d;
  };
  const runtime: InstrumentRuntime = new InstrumentRuntime(
    'pm',
    config,
    factory,
    {
      clock: { now: () => 1000 },
      onReading: (...r) => readings.push(r),
      onStatus: () => statuses.push(runtime.status),
    },
    timeouts,
  );
  return { runtime, drivers, statuses, readings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('InstrumentRuntime', () => {
  it('goes stopped → starting → running → stopped, passing its config to the driver', async () => {
    const h = harness();
    expect(h.runtime.status).toBe('stopped');
    await h.runtime.start();
    expect(h.statuses).toEqual(['starting', 'running']);
    expect(h.drivers[0]?.connects).toEqual([config]);
    await h.runtime.stop();
    expect(h.statuses).toEqual(['starting', 'running', 'stopped']);
    expect(h.drivers[0]?.disconnects).toBe(1);
    expect(h.runtime.statusReason).toBeUndefined();
  });

  it('stopping a runtime that never started just reports stopped', async () => {
    const h = harness();
    await h.runtime.stop();
    expect(h.statuses).toEqual(['stopped']);
    expect(h.drivers).toHaveLength(0);
  });

  it('a failing connect becomes status error with the reason; the driver is released and the error rethrown', async () => {
    const h = harness({ connect: () => Promise.reject(new Error('port busy')) });
    await expect(h.runtime.start()).rejects.toThrow('port busy');
    expect(h.runtime.status).toBe('error');
    expect(h.runtime.statusReason).toBe('port busy');
    expect(h.drivers[0]?.disconnects).toBe(1);
  });

  it('a connect that hangs times out with TIMEOUT', async () => {
    const h = harness({ connect: never });
    const err = await h.runtime.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('TIMEOUT');
    expect((err as AppError).message).toBe('connecting pm did not finish within 40 ms');
    expect(h.runtime.status).toBe('error');
    expect(h.runtime.statusReason).toBe('connecting pm did not finish within 40 ms');
  });

  it('a connect that hangs on a driver whose disconnect also hangs still answers TIMEOUT in bounded time', async () => {
    // Fake time: the answer can only come from the connect timeout and then the release
    // timeout running out (40 ms each); an unbounded wait for the hanging disconnect would
    // leave the start unanswered however far time is moved on.
    vi.useFakeTimers();
    const h = harness({ connect: never, disconnect: never });
    let answer: unknown;
    void h.runtime.start().then(
      () => (answer = 'resolved'),
      (e: unknown) => (answer = e),
    );
    await vi.advanceTimersByTimeAsync(40);
    expect(h.runtime.status).toBe('error');
    expect(answer).toBeUndefined(); // Still releasing the driver, which is bounded as well.
    await vi.advanceTimersByTimeAsync(40);
    expect(answer).toBeInstanceOf(AppError);
    expect((answer as AppError).code).toBe('TIMEOUT');
    expect((answer as AppError).message).toBe('connecting pm did not finish within 40 ms');
    expect(h.runtime.status).toBe('error');
  });

  it('a disconnect that hangs becomes error "did not stop cleanly" and rejects with TIMEOUT', async () => {
    const h = harness({ disconnect: never });
    await h.runtime.start();
    const err = await h.runtime.stop().catch((e: unknown) => e);
    expect((err as AppError).code).toBe('TIMEOUT');
    expect(h.runtime.status).toBe('error');
    expect(h.runtime.statusReason).toBe('did not stop cleanly: stopping pm did not finish within 40 ms');
  });

  it('forwards readings only while running, with the clock as default timestamp', async () => {
    const h = harness();
    await h.runtime.start();
    const ctx = h.drivers[0]!.ctx;
    ctx.emit('power', 1e-3, 'W');
    ctx.emit('power', 2e-3, 'W', 5);
    expect(h.readings).toEqual([
      ['power', 1e-3, 'W', 1000],
      ['power', 2e-3, 'W', 5],
    ]);
    await h.runtime.stop();
    ctx.emit('power', 3e-3, 'W');
    expect(h.readings).toHaveLength(2);
  });

  it('ignores readings emitted while still connecting', async () => {
    let release: () => void = () => undefined;
    const h = harness({ connect: () => new Promise<void>((r) => (release = r)) });
    const starting = h.runtime.start();
    await vi.waitFor(() => expect(h.drivers).toHaveLength(1));
    h.drivers[0]!.ctx.emit('power', 1, 'W');
    release();
    await starting;
    expect(h.readings).toEqual([]);
  });

  it('a fault while running becomes status error with the reason', async () => {
    const h = harness();
    await h.runtime.start();
    h.drivers[0]!.ctx.fault('cable unplugged');
    expect(h.runtime.status).toBe('error');
    expect(h.runtime.statusReason).toBe('cable unplugged');
    expect(h.statuses.at(-1)).toBe('error');
    h.drivers[0]!.ctx.emit('power', 1, 'W');
    expect(h.readings).toEqual([]);
  });

  it('recovers from a fault to running without a restart, and a newer fault reason replaces the older', async () => {
    const h = harness();
    await h.runtime.start();
    const ctx = h.drivers[0]!.ctx;
    ctx.fault('no reply to "D?"');
    ctx.fault('port /dev/ttyUSB0 disconnected, reconnecting');
    expect(h.runtime.statusReason).toBe('port /dev/ttyUSB0 disconnected, reconnecting');
    ctx.recovered?.();
    expect(h.runtime.status).toBe('running');
    expect(h.runtime.statusReason).toBeUndefined();
    expect(h.statuses).toEqual(['starting', 'running', 'error', 'error', 'running']);
    ctx.emit('power', 1, 'W');
    expect(h.readings).toHaveLength(1);
    expect(h.drivers).toHaveLength(1);
    expect(h.drivers[0]!.disconnects).toBe(0);
  });

  it('does not let recovered() revive an instrument that failed to connect or was stopped', async () => {
    const h = harness({ connect: () => Promise.reject(new Error('port busy')) });
    await h.runtime.start().catch(() => undefined);
    h.drivers[0]!.ctx.recovered?.();
    h.drivers[0]!.ctx.fault('late');
    expect(h.runtime.status).toBe('error');
    expect(h.runtime.statusReason).toBe('port busy');
    const ok = harness();
    await ok.runtime.start();
    ok.drivers[0]!.ctx.fault('cable unplugged');
    await ok.runtime.stop();
    ok.drivers[0]!.ctx.recovered?.();
    expect(ok.runtime.status).toBe('stopped');
  });

  it('passes driver warnings to the onWarning hook, only from the current driver', async () => {
    const warnings: string[] = [];
    const drivers: ScriptedDriver[] = [];
    const runtime = new InstrumentRuntime('pm', config, (ctx) => {
      const d = new ScriptedDriver(ctx, {});
      drivers.push(d);
      return d;
    }, { clock: { now: () => 0 }, onReading: () => undefined, onStatus: () => undefined, onWarning: (m) => warnings.push(m) }, timeouts);
    await runtime.start();
    drivers[0]!.ctx.warn?.('could not raise RTS/DTR');
    await runtime.stop();
    drivers[0]!.ctx.warn?.('late');
    expect(warnings).toEqual(['could not raise RTS/DTR']);
  });

  it('ignores late readings and faults of the old driver after a restart', async () => {
    const h = harness();
    await h.runtime.start();
    const old = h.drivers[0]!.ctx;
    await h.runtime.stop();
    await h.runtime.start();
    expect(h.drivers).toHaveLength(2);
    old.emit('power', 9, 'W');
    old.fault('old driver died');
    expect(h.readings).toEqual([]);
    expect(h.runtime.status).toBe('running');
    h.drivers[1]!.ctx.emit('power', 1, 'W');
    expect(h.readings).toHaveLength(1);
  });

  it('ignores a superseded start whose connect finishes late', async () => {
    let releaseFirst: () => void = () => undefined;
    let calls = 0;
    const h = harness({ connect: () => (calls++ === 0 ? new Promise<void>((r) => (releaseFirst = r)) : Promise.resolve()) });
    const first = h.runtime.start();
    await vi.waitFor(() => expect(h.drivers).toHaveLength(1));
    await h.runtime.stop();
    await h.runtime.start();
    expect(h.runtime.status).toBe('running');
    const statusesBefore = h.statuses.length;
    releaseFirst();
    await first;
    expect(h.statuses).toHaveLength(statusesBefore);
    h.drivers[0]!.ctx.emit('power', 1, 'W');
    expect(h.readings).toEqual([]);
  });

  it('applies a live parameter and takes the next config only once the driver accepted it', async () => {
    const h = harness();
    await h.runtime.start();
    const next = { ...config, wavelength: 1064 };
    await h.runtime.applyLive('wavelength', 1064, next);
    expect(h.drivers[0]?.applied).toEqual([['wavelength', 1064]]);
    expect(h.runtime.config).toEqual(next);
  });

  it('a refused live parameter is DEVICE_ERROR and keeps the old config', async () => {
    const h = harness({ apply: () => Promise.reject(new Error('value rejected by device')) });
    await h.runtime.start();
    const err = (await h.runtime.applyLive('wavelength', 1064, { ...config, wavelength: 1064 }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('DEVICE_ERROR');
    expect(err.message).toBe('pm refused wavelength: value rejected by device');
    expect(h.runtime.config).toBe(config);
    expect(h.runtime.status).toBe('running');
  });

  it('a live parameter that hangs is TIMEOUT; an AppError from the driver keeps its code', async () => {
    const hung = harness({ apply: never });
    await hung.runtime.start();
    const err = (await hung.runtime.applyLive('range', 2, { ...config, range: 2 }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('TIMEOUT');
    expect(hung.runtime.config).toBe(config);

    const busy = harness({ apply: () => Promise.reject(new AppError('UNAVAILABLE', 'bus busy')) });
    await busy.runtime.start();
    expect(((await busy.runtime.applyLive('range', 2, config).catch((e: unknown) => e)) as AppError).code).toBe('UNAVAILABLE');
  });

  it('refuses a live parameter when not running', async () => {
    const h = harness();
    const err = (await h.runtime.applyLive('range', 2, config).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('INVALID_STATE');
    expect(err.message).toBe('instrument "pm" is not running (stopped)');
  });
});

describe('withTimeout', () => {
  it('passes the result through and clears its timer', async () => {
    vi.useFakeTimers();
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with TIMEOUT naming the work', async () => {
    vi.useFakeTimers();
    const p = withTimeout(never(), 250, 'reading the port');
    const assertion = expect(p).rejects.toMatchObject({ code: 'TIMEOUT', message: 'reading the port did not finish within 250 ms' });
    await vi.advanceTimersByTimeAsync(250);
    await assertion;
  });
});

describe('driver registry and the unavailable driver', () => {
  it('has a driver for every type; overrides replace only their entry', () => {
    const fake: DriverFactory = () => new UnavailableDriver('fake');
    const registry = createDriverRegistry({ esp300: fake });
    expect(registry.esp300).toBe(fake);
    expect(registry.mock).toBe(defaultDrivers.mock);
    expect(Object.keys(createDriverRegistry()).sort()).toEqual(Object.keys(defaultDrivers).sort());
  });

  it('refuses to connect or apply with UNAVAILABLE and the reason, and disconnects quietly', async () => {
    const d = new UnavailableDriver('serial drivers are not part of this build yet');
    await expect(d.connect()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'serial drivers are not part of this build yet' });
    await expect(d.applyParameter()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(d.disconnect()).resolves.toBeUndefined();
  });

  it('default serial drivers fail to connect to a missing port with a reason naming it', async () => {
    const missing = { ...config, port: '/dev/ttyDAQ-test-no-such-port' };
    const h = new InstrumentRuntime('pm', missing, defaultDrivers.newport_1830c, { clock: { now: () => 0 }, onReading: () => undefined, onStatus: () => undefined }, { ...timeouts, connectMs: 2000 });
    await expect(h.start()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(h.status).toBe('error');
    expect(h.statusReason).toBe('serial port /dev/ttyDAQ-test-no-such-port does not exist (unplugged, or a wrong path; /dev/serial/by-id/… names stay put across reboots)');
  });
});
