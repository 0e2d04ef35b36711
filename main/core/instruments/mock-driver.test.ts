import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { DriverContext } from './driver.js';
import { MockDriver } from './mock-driver.js';

interface Emitted {
  channel: string;
  value: number;
  unit: string;
  timestamp: number | undefined;
}

function context(): { ctx: DriverContext; emitted: Emitted[]; faults: string[] } {
  const emitted: Emitted[] = [];
  const faults: string[] = [];
  return {
    emitted,
    faults,
    ctx: {
      id: 'sig',
      clock: { now: () => Date.now() },
      emit: (channel, value, unit, timestamp) => emitted.push({ channel, value, unit, timestamp }),
      fault: (reason) => faults.push(reason),
    },
  };
}

const count = (emitted: readonly Emitted[], channel: string): number => emitted.filter((e) => e.channel === channel).length;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('MockDriver', () => {
  it('standing in for a stage, moves at once when sent somewhere: its position then reads the target', async () => {
    const { ctx, emitted } = context();
    const driver = new MockDriver(ctx);
    await driver.connect({ type: 'mock', profile: 'stage', sample_rate_hz: 10 } as InstrumentConfig);
    expect(await driver.runAction('move_to', { position: 4.5 })).toEqual({ completed: true, position: 4.5 });
    await vi.advanceTimersByTimeAsync(300);
    expect(emitted.filter((e) => e.channel === 'position').map((e) => e.value)).toEqual([4.5, 4.5, 4.5]);
    await driver.disconnect();
    const other = new MockDriver(context().ctx);
    await other.connect({ type: 'mock', profile: 'power_meter', sample_rate_hz: 10 } as InstrumentConfig);
    await expect(other.runAction('move_to', { position: 1 })).rejects.toMatchObject({ code: 'VALIDATION', message: 'this mock has no action "move_to"' });
    await other.disconnect();
  });

  it('streams at its sample rate, continuously: more readings after every further tick, long after any burst', async () => {
    const { ctx, emitted, faults } = context();
    const driver = new MockDriver(ctx);
    await driver.connect({ type: 'mock', sample_rate_hz: 10 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(count(emitted, 'sine_wave')).toBe(10);
    expect(count(emitted, 'cosine_wave')).toBe(10);
    let last = emitted.length;
    for (let minute = 1; minute <= 5; minute += 1) {
      await vi.advanceTimersByTimeAsync(60_000);
      expect(emitted.length).toBeGreaterThan(last);
      last = emitted.length;
    }
    expect(count(emitted, 'sine_wave')).toBe(10 + 5 * 600);
    expect(faults).toEqual([]);
    await driver.disconnect();
  });

  it('applying sample_rate_hz changes the rate', async () => {
    const { ctx, emitted } = context();
    const driver = new MockDriver(ctx);
    const config: InstrumentConfig = { type: 'mock', profile: 'power_meter', sample_rate_hz: 2 };
    await driver.connect(config);
    await vi.advanceTimersByTimeAsync(2000);
    expect(count(emitted, 'power')).toBe(4);
    await driver.applyParameter('sample_rate_hz', 50, { ...config, sample_rate_hz: 50 });
    emitted.length = 0;
    await vi.advanceTimersByTimeAsync(2000);
    expect(count(emitted, 'power')).toBe(100);
    await driver.disconnect();
  });

  it('emits the channels of its profile with their units and increasing timestamps', async () => {
    const { ctx, emitted } = context();
    const driver = new MockDriver(ctx);
    await driver.connect({ type: 'mock', profile: 'laser', sample_rate_hz: 5 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(new Set(emitted.map((e) => `${e.channel}/${e.unit}`))).toEqual(new Set(['wavelength/nm', 'power/W']));
    const stamps = emitted.filter((e) => e.channel === 'power').map((e) => e.timestamp ?? 0);
    expect(stamps).toHaveLength(5);
    for (let i = 1; i < stamps.length; i += 1) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    expect(emitted.find((e) => e.channel === 'wavelength')?.value).toBeCloseTo(800, 0);
    await driver.disconnect();
  });

  it('follows amplitude and offset for every profile', async () => {
    const values = async (profile: string, channel: string): Promise<number[]> => {
      const { ctx, emitted } = context();
      const driver = new MockDriver(ctx);
      await driver.connect({ type: 'mock', profile, sample_rate_hz: 10, amplitude: 2, offset: 100, num_samples: 4 });
      await vi.advanceTimersByTimeAsync(1000);
      await driver.disconnect();
      return emitted.filter((e) => e.channel === channel).map((e) => e.value);
    };
    for (const v of await values('signal', 'sine_wave')) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2 * 1.02 + 1e-9);
    for (const v of await values('signal', 'cosine_wave')) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2 + 1e-9);
    for (const v of await values('stage', 'position')) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2 + 1e-9);
    for (const v of await values('power_meter', 'power')) expect(v).toBeGreaterThanOrEqual(100);
    for (const v of await values('camera', 'mean_intensity')) expect(Math.abs(v - 2100)).toBeLessThanOrEqual(100 + 1e-9);
    expect(await values('camera', 'max_intensity')).toEqual([]);
  });

  it('caps the work of one tick at very high rates and stops emitting after disconnect', async () => {
    const { ctx, emitted } = context();
    const driver = new MockDriver(ctx);
    await driver.connect({ type: 'mock', profile: 'stage', sample_rate_hz: 1_000_000 });
    await vi.advanceTimersByTimeAsync(100);
    // 20 ms ticks of at most 1000 samples each.
    expect(count(emitted, 'position')).toBe(5 * 1000);
    await driver.disconnect();
    emitted.length = 0;
    await vi.advanceTimersByTimeAsync(1000);
    expect(emitted).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing before connect and tolerates a disconnect without connect', async () => {
    const { ctx, emitted } = context();
    const driver = new MockDriver(ctx);
    await driver.applyParameter('amplitude', 2, { type: 'mock', sample_rate_hz: 10, amplitude: 2 });
    await driver.disconnect();
    await driver.disconnect();
    await vi.advanceTimersByTimeAsync(500);
    expect(emitted).toEqual([]);
  });
});
