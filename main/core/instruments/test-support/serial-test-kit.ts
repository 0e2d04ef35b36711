/**
 * Test-only helpers for the serial driver tests: a driver context that records what a driver
 * reports, a serial environment with short timeouts and fast reconnection, and simulators served
 * on real pseudo-terminal pairs in a temp folder. Nothing in production imports this file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSerialEnv, serveSimulator, type DeviceSimulator, type SerialEnv, type ServedSimulator } from '../../serial/index.js';
import type { DriverContext } from '../driver.js';

export interface Recorded {
  readonly channel: string;
  readonly value: number;
  readonly unit: string;
}

/** A driver context that keeps every reading, fault, recovery and warning. */
export class RecordingContext implements DriverContext {
  readonly clock = { now: (): number => Date.now() };
  readonly readings: Recorded[] = [];
  readonly faults: string[] = [];
  readonly warnings: string[] = [];
  recoveries = 0;

  constructor(readonly id = 'dev') {}

  emit(channel: string, value: number, unit: string): void {
    this.readings.push({ channel, value, unit });
  }

  fault(reason: string): void {
    this.faults.push(reason);
  }

  recovered(): void {
    this.recoveries += 1;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Readings of one channel. */
  of(channel: string): Recorded[] {
    return this.readings.filter((r) => r.channel === channel);
  }
}

/** Short reply timeouts and quick reconnection, so fault tests take milliseconds. */
export function fastSerialEnv(replyTimeoutMs = 300): SerialEnv {
  return createSerialEnv({ replyTimeoutMs, backoff: { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 } });
}

/** A temp folder for pty links, and the served simulators in it, all removed by `cleanup`. */
export class PtyBench {
  private dir: string | undefined;
  private readonly served: ServedSimulator[] = [];

  async serve(sim: DeviceSimulator, name = 'port'): Promise<ServedSimulator> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'daq-pty-'));
    const served = await serveSimulator(sim, join(this.dir, name));
    this.served.push(served);
    return served;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.served.splice(0).map((s) => s.close()));
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
