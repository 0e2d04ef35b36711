/**
 * The bench's serial devices: one `daq simulate` process per device, each serving a simulator
 * on a socat pseudo-terminal pair at a fixed link path. They are started once for the whole run,
 * so every life of the app opens the same ports, and faults are sent to them as lines on stdin
 * (`unplug`/`replug`, `no-reply`, `garbage n`, `normal`). Each line is answered by one line; the
 * next is sent only after that answer, because the simulator runs lines as they come and an
 * `unplug` directly followed by a `replug` would race its own socat.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The serial faults: the device's port goes away, the device stops answering, or it answers garbage. */
export type SerialFaultKind = 'vanish' | 'hang' | 'garbage';
export const SERIAL_FAULT_KINDS: readonly SerialFaultKind[] = ['vanish', 'hang', 'garbage'];

export interface SerialDeviceSpec {
  /** The instrument id the bench gives the device. */
  readonly id: string;
  readonly type: 'newport_1830c' | 'elliptec';
  readonly args?: readonly string[];
}

/** Each line of a device's fault, and the answer it must get. */
const faultLines: Record<SerialFaultKind, (count: number) => { on: [string, RegExp]; off: [string, RegExp] }> = {
  vanish: () => ({ on: ['unplug', /^unplugged: /], off: ['replug', /^plugged back in at /] }),
  hang: () => ({ on: ['no-reply', /^no-reply for the next /], off: ['normal', /^answering normally$/] }),
  garbage: (count) => ({ on: [`garbage ${count}`, /^garbage for the next /], off: ['normal', /^answering normally$/] }),
};

/** Simulate processes still running, stopped if the run itself ends abruptly (SIGTERM lets each stop its socat). */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

export class SimulatedDevice {
  private readonly answers: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  /** One line at a time: a fault's undo waits for its start to be answered. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly exited: Promise<void>;

  private constructor(
    readonly spec: SerialDeviceSpec,
    readonly link: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const take = (line: string): void => {
      if (this.waiting) this.waiting(line);
      else this.answers.push(line);
    };
    createInterface({ input: child.stdout }).on('line', take);
    createInterface({ input: child.stderr }).on('line', take);
  }

  /** Starts `daq simulate` and waits for it to print its link path (it may build the CLI first). */
  static async start(root: string, spec: SerialDeviceSpec, link: string): Promise<SimulatedDevice> {
    const child = spawn(process.execPath, [join(root, 'bin/daq.mjs'), 'simulate', spec.type, '--link', link, ...(spec.args ?? [])], { cwd: root, stdio: 'pipe' });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const device = new SimulatedDevice(spec, link, child);
    const first = await device.nextLine(120_000);
    const second = await device.nextLine(10_000);
    if (first !== link || !second.startsWith('serving')) {
      await device.stop();
      throw new Error(`daq simulate ${spec.type} did not start: ${first}\n${second}`);
    }
    return device;
  }

  private nextLine(timeoutMs: number): Promise<string> {
    const ready = this.answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.waiting = undefined;
        outcome();
      };
      const timer = setTimeout(() => settle(() => reject(new Error(`daq simulate ${this.spec.type} at ${this.link} gave no answer within ${timeoutMs} ms`))), timeoutMs);
      void this.exited.then(() => settle(() => reject(new Error(`daq simulate ${this.spec.type} at ${this.link} exited`))));
      this.waiting = (line) => settle(() => resolve(line));
    });
  }

  /** Sends one line and waits for its answer, which must match `expected`. */
  private send(line: string, expected: RegExp): Promise<void> {
    const next = this.queue.then(async () => {
      this.child.stdin.write(`${line}\n`);
      const answer = await this.nextLine(15_000);
      if (!expected.test(answer)) throw new Error(`daq simulate ${this.spec.type}: "${line}" was answered "${answer}"`);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts a fault; `garbage` garbles the next `count` replies. */
  startFault(kind: SerialFaultKind, count = 1): Promise<void> {
    const [line, answer] = faultLines[kind](count).on;
    return this.send(line, answer);
  }

  endFault(kind: SerialFaultKind): Promise<void> {
    const [line, answer] = faultLines[kind](0).off;
    return this.send(line, answer);
  }

  /** Quits the simulator (it stops its socat and removes the link); SIGTERM if it does not, SIGKILL last. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end('quit\n');
    const term = setTimeout(() => this.child.kill('SIGTERM'), 5000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(term);
    clearTimeout(kill);
  }

  /** SIGTERM now, for a run ending on a signal: the simulator still stops its socat. */
  terminate(): void {
    this.child.kill('SIGTERM');
  }
}

/** Starts every device of `specs` with its link in `folder`; on a failure the ones started are stopped. */
export async function startDevices(root: string, folder: string, specs: readonly SerialDeviceSpec[]): Promise<SimulatedDevice[]> {
  const started = await Promise.allSettled(specs.map((spec) => SimulatedDevice.start(root, spec, join(folder, spec.id))));
  const devices = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(devices.map((d) => d.stop()));
    throw failed.reason;
  }
  return devices;
}
