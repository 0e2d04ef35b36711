/**
 * Serial round trips over a real pseudo-terminal pair (socat) answered by the 1830-C simulator:
 * a `D?` query written and read raw on the port, the same query through the driver (queue,
 * framing, timeout, unit-aware parsing), the difference (the driver's own overhead; goal under
 * 1 ms), and how many readings a second the power meter driver sustains back to back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Newport1830cDriver } from '../main/core/instruments/index.js';
import { createSerialEnv, Newport1830cSim, openNodeSerialPort, serveSimulator } from '../main/core/serial/index.js';
import { summarise, type Summary } from './stats.js';

/** Raw write of `D?\n` and read up to the reply's LF, on the bare port. */
async function rawRoundTrips(path: string, runs: number): Promise<number[]> {
  const port = await openNodeSerialPort({ path, baudRate: 9600 });
  let waiting: (() => void) | undefined;
  let text = '';
  port.onData((chunk) => {
    text += chunk.toString('latin1');
    if (text.includes('\n')) {
      text = '';
      waiting?.();
    }
  });
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      const replied = new Promise<void>((resolve) => (waiting = resolve));
      await port.write(Buffer.from('D?\n'));
      await replied;
      samples.push(performance.now() - t0);
    }
  } finally {
    await port.close();
  }
  return samples;
}

async function driverRoundTrips(driver: Newport1830cDriver, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await driver.readPower();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Back-to-back readings for `ms`: the rate the driver sustains. */
async function sustained(driver: Newport1830cDriver, ms: number): Promise<number[]> {
  const samples: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await driver.readPower();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const ctx = { id: 'bench_pm', clock: { now: () => Date.now() }, emit: () => undefined, fault: () => undefined };

/** Runs the serial benchmarks on one pty pair and returns their table rows. */
export async function benchSerial(runs = 2000): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-serial-bench-'));
  const served = await serveSimulator(new Newport1830cSim(), join(dir, 'ttyPM'));
  const driver = new Newport1830cDriver(ctx, createSerialEnv());
  try {
    const warm = (xs: number[]): number[] => xs.slice(Math.floor(xs.length / 10));
    const raw = warm(await rawRoundTrips(served.link, runs));
    // Polling every 10 s keeps the poll loop out of the way of the timed queries.
    await driver.connect({ type: 'newport_1830c', port: served.link, polling_rate_hz: 0.1 });
    const viaDriver = warm(await driverRoundTrips(driver, runs));
    const rate = await sustained(driver, 1000);
    const rawRow = summarise('serial: D? raw write/read on a pty', raw);
    const driverRow = summarise('serial: D? through the 1830-C driver', viaDriver);
    return [
      rawRow,
      driverRow,
      { name: 'serial: driver overhead (driver - raw)', runs: viaDriver.length, medianMs: driverRow.medianMs - rawRow.medianMs, p95Ms: driverRow.p95Ms - rawRow.p95Ms, goal: 'median < 1 ms' },
      summarise(`serial: power meter back to back (${rate.length} readings/s)`, rate),
    ];
  } finally {
    await driver.disconnect();
    await served.close();
    await rm(dir, { recursive: true, force: true });
  }
}
