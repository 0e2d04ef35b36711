/**
 * `daq simulate <type> [--link PATH]`: serves an instrument simulator on a pseudo-terminal pair
 * made by socat, for trying the app (or another program) against a device that is not there.
 * The first line of output is the path to open (the `--link` path); the process serves until
 * SIGINT or SIGTERM. Lines on stdin inject faults: `no-reply [n]`, `garbage [n]`, `normal`,
 * `unplug`, `replug`, `quit`.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createSimulator, isSimulatorType, serveSimulator, simulatorTypes, type DeviceSimulator, type ServedSimulator } from '../core/index.js';

const usage = `usage: daq simulate <${simulatorTypes.join('|')}> [--link PATH] [--addresses 0,1,2] [--verbose]`;

function parseAddresses(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((a) => parseInt(a.trim(), 16));
  if (list.some((a) => !Number.isInteger(a) || a < 0 || a > 15)) throw new Error(`--addresses takes hex digits 0-F separated by commas, got "${text}"`);
  return list;
}

/** Runs one stdin line against the simulator; answers what it did. */
async function command(line: string, served: ServedSimulator): Promise<string> {
  const [word, count] = line.trim().split(/\s+/);
  const n = count === undefined ? Infinity : Number(count);
  switch (word) {
    case 'no-reply':
    case 'garbage':
      served.sim.injectFault(word, n);
      return `${word} for the next ${count ?? 'all'} replies`;
    case 'normal':
      served.sim.clearFaults();
      return 'answering normally';
    case 'unplug':
      await served.unplug();
      return `unplugged: ${served.link} is gone`;
    case 'replug':
      await served.replug();
      return `plugged back in at ${served.link}`;
    default:
      return `unknown command "${line.trim()}" (no-reply [n], garbage [n], normal, unplug, replug, quit)`;
  }
}

interface SimulateArgs {
  readonly sim: DeviceSimulator;
  readonly type: string;
  readonly link: string;
  readonly verbose: boolean;
}

/** The simulator and options from the command line, or the exit code after printing why not. */
function parseSimulateArgs(argv: string[]): SimulateArgs | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { link: { type: 'string' }, addresses: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`daq simulate: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const type = positionals[0];
  if (!type || !isSimulatorType(type)) {
    console.error(`daq simulate: name a simulator type\n${usage}`);
    return 2;
  }
  try {
    const addresses = parseAddresses(values.addresses);
    const sim = createSimulator(type, addresses ? { addresses } : {});
    const link = resolve(values.link ?? join(tmpdir(), `daq-sim-${type}-${process.pid}`));
    return { sim, type, link, verbose: values.verbose === true };
  } catch (err) {
    console.error(`daq simulate: ${(err as Error).message}`);
    return 2;
  }
}

/** Serves until a signal or `quit`; resolves with the exit code. */
export async function simulate(argv: string[]): Promise<number> {
  const args = parseSimulateArgs(argv);
  if (typeof args === 'number') return args;
  let served: ServedSimulator;
  try {
    served = await serveSimulator(args.sim, args.link);
  } catch (err) {
    console.error(`daq simulate: ${(err as Error).message}`);
    return 1;
  }
  if (args.verbose) args.sim.onCommand = (raw) => console.log(`received ${JSON.stringify(raw)}`);
  console.log(args.link);
  console.log(`serving a ${args.type} simulator; open ${args.link} (stdin: no-reply [n], garbage [n], normal, unplug, replug, quit)`);
  return serveUntilStopped(served);
}

function serveUntilStopped(served: ServedSimulator): Promise<number> {
  return new Promise((done) => {
    const input = createInterface({ input: process.stdin });
    const stop = (): void => {
      input.close();
      process.stdin.destroy();
      void served.close().then(() => done(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // One line after the other: `unplug` then `replug` typed (or piped) together must not race
    // each other's pseudo-terminal, which left the device unplugged.
    let queue: Promise<void> = Promise.resolve();
    input.on('line', (line) => {
      if (line.trim() === '') return;
      queue = queue.then(async () => {
        if (line.trim() === 'quit') return stop();
        await command(line, served).then((answer) => console.log(answer), (err: Error) => console.error(`daq simulate: ${err.message}`));
      });
    });
  });
}
