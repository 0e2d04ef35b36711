/**
 * An instrument whose device is not there at start-up comes up by itself when it appears:
 * failed connects are retried with backoff until the instrument runs or is stopped; a type
 * with no driver at all is not retried.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import { AppError } from '../../../shared/errors.js';
import { InstrumentRuntime } from './instrument-runtime.js';
import type { DriverFactory } from './driver.js';
import { UnavailableDriver } from './unavailable-driver.js';

afterEach(() => {
  vi.useRealTimers();
});

function runtimeWith(factory: DriverFactory, statuses: string[]): InstrumentRuntime {
  const runtime: InstrumentRuntime = new InstrumentRuntime('pm', { type: 'newport_1830c', port: '/dev/x' } as InstrumentConfig, factory, {
    clock: { now: () => Date.now() },
    onReading: () => undefined,
    onStatus: () => statuses.push(runtime.status),
  });
  return runtime;
}

describe('keepTrying', () => {
  it('retries a failed connect with backoff until the device answers', async () => {
    vi.useFakeTimers();
    let plugged = false;
    let attempts = 0;
    const statuses: string[] = [];
    const runtime = runtimeWith(
      () => ({
        connect: async () => {
          attempts += 1;
          if (!plugged) throw new AppError('UNAVAILABLE', 'serial port /dev/x does not exist');
        },
        applyParameter: async () => undefined,
        disconnect: async () => undefined,
      }),
      statuses,
    );
    await expect(runtime.start()).rejects.toThrow('does not exist');
    runtime.keepTrying();
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts).toBe(3);
    expect(runtime.status).toBe('error');
    // Retries do not flicker through "starting".
    expect(statuses.filter((s) => s === 'starting')).toHaveLength(1);
    plugged = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(runtime.status).toBe('running');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(4);
  });

  it('stops retrying when the instrument is stopped', async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const runtime = runtimeWith(
      () => ({ connect: async () => { attempts += 1; throw new Error('absent'); }, applyParameter: async () => undefined, disconnect: async () => undefined }),
      [],
    );
    await expect(runtime.start()).rejects.toThrow('absent');
    runtime.keepTrying();
    await runtime.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(attempts).toBe(1);
  });

  it('does not retry a type that has no driver on this machine', async () => {
    vi.useFakeTimers();
    let made = 0;
    const runtime = runtimeWith(() => {
      made += 1;
      return new UnavailableDriver('no PVCAM SDK');
    }, []);
    await expect(runtime.start()).rejects.toThrow('no PVCAM SDK');
    runtime.keepTrying();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(made).toBe(1);
  });

  it('releases a driver whose connect finished after the instrument was stopped', async () => {
    let release: () => void = () => undefined;
    let connectEntered: () => void = () => undefined;
    const connecting = new Promise<void>((r) => (connectEntered = r));
    let disconnected = 0;
    const runtime = runtimeWith(
      () => ({
        connect: () =>
          new Promise<void>((r) => {
            release = r;
            connectEntered();
          }),
        applyParameter: async () => undefined,
        disconnect: async () => {
          disconnected += 1;
        },
      }),
      [],
    );
    const starting = runtime.start();
    // The stop must land while the driver is inside its connect.
    await connecting;
    await runtime.stop();
    release();
    await starting;
    expect(disconnected).toBe(2);
    expect(runtime.status).toBe('stopped');
  });

  it('changes the status of a background reconnect only in the mailbox, and not after a stop', async () => {
    vi.useFakeTimers();
    let plugged = false;
    const mailbox: Array<() => void> = [];
    const runtime: InstrumentRuntime = new InstrumentRuntime(
      'pm',
      { type: 'newport_1830c', port: '/dev/x' } as InstrumentConfig,
      () => ({
        connect: async () => {
          if (!plugged) throw new Error('absent');
        },
        applyParameter: async () => undefined,
        disconnect: async () => undefined,
      }),
      { clock: { now: () => Date.now() }, onReading: () => undefined, onStatus: () => undefined, schedule: (work) => void mailbox.push(work) },
    );
    const drain = (): void => {
      while (mailbox.length > 0) mailbox.shift()?.();
    };
    await expect(runtime.start()).rejects.toThrow('absent');
    runtime.keepTrying();
    plugged = true;
    await vi.advanceTimersByTimeAsync(1000);
    drain(); // the retry's decision: still the same instrument, connect
    await vi.advanceTimersByTimeAsync(0);
    // Connected, but the status waits for its turn in the mailbox.
    expect(runtime.status).toBe('error');
    expect(mailbox).toHaveLength(1);
    drain();
    expect(runtime.status).toBe('running');

    // A stop that got in first wins: the late "running" of an older connect is dropped.
    plugged = false;
    await runtime.stop();
    await expect(runtime.start()).rejects.toThrow('absent');
    runtime.keepTrying();
    plugged = true;
    await vi.advanceTimersByTimeAsync(1000);
    drain();
    await vi.advanceTimersByTimeAsync(0);
    await runtime.stop();
    drain();
    expect(runtime.status).toBe('stopped');
  });
});
