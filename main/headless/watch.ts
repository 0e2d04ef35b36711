/**
 * `daq watch [--server URL --token T] [--channel PREFIX] [--json] [--count N] [--config FILE]`:
 * the readings a GUI sees, printed as they arrive, for a terminal or a logging script. It
 * starts from the latest value of every channel (GetLatestReadings), then follows the stream.
 * With --server it watches a running app over its socket; without, it runs the config itself.
 * One reading a line: `<ISO time>  <channel>  <value> <unit>`, or one JSON object with --json.
 */
import WebSocket from 'ws';
import type { EventBatch } from '../../shared/ipc/contract.js';
import { wsServerMessageSchema } from '../../shared/ipc/ws-protocol.js';
import type { Reading } from '../../shared/model/runtime.js';
import { createCore } from '../core/index.js';
import { socketUrl } from './remote-call.js';

export interface WatchOptions {
  readonly server?: string;
  readonly token?: string;
  readonly channel?: string;
  readonly json?: boolean;
  /** Stop after this many readings (a script that wants a sample, a test). */
  readonly count?: number;
  readonly configPath: string;
}

/** Prints readings; answers when the count is reached or the source ends. */
class Printer {
  private printed = 0;
  private finish: (() => void) | undefined;
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(private readonly options: WatchOptions) {}

  print(readings: readonly Reading[]): void {
    for (const r of readings) {
      if (this.options.channel && !r.channel.startsWith(this.options.channel)) continue;
      if (this.options.count !== undefined && this.printed >= this.options.count) break;
      const line = this.options.json ? JSON.stringify(r) : `${new Date(r.timestamp).toISOString()}  ${r.channel}  ${r.value} ${r.unit}`;
      process.stdout.write(`${line}\n`);
      this.printed += 1;
    }
    if (this.options.count !== undefined && this.printed >= this.options.count) this.finish?.();
  }

  stop(): void {
    this.finish?.();
  }
}

function readingsOf(batch: EventBatch): Reading[] {
  return batch.events.flatMap((e) => (e.type === 'instruments:readings' ? e.readings : []));
}

/** Follows a running app over its socket; exit code 1 if it cannot be reached or goes away. */
function watchRemote(options: WatchOptions & { server: string; token: string }, printer: Printer): Promise<number> {
  return new Promise((resolve) => {
    let code = 0;
    const ws = new WebSocket(socketUrl(options.server, options.token));
    const fail = (message: string): void => {
      console.error(`daq watch: ${message}`);
      code = 1;
      printer.stop();
    };
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, command: 'GetLatestReadings', payload: {} })));
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = wsServerMessageSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'events') printer.print(readingsOf(message.batch));
      else if (message.id === 1 && message.result.ok) printer.print((message.result.value as { readings: Reading[] }).readings);
      else if (message.id === 1 && !message.result.ok) fail(`${message.result.error.code}: ${message.result.error.message}`);
    });
    ws.on('unexpected-response', (_req, res) => fail(`server refused the connection (HTTP ${res.statusCode}${res.statusCode === 401 ? ': wrong token' : ''})`));
    ws.on('error', (err) => fail(`cannot reach ${options.server}: ${err.message}`));
    ws.on('close', () => {
      if (code === 0 && !stopped) fail(`${options.server} closed the connection`);
    });
    let stopped = false;
    void printer.done.then(() => {
      stopped = true;
      ws.close();
      resolve(code);
    });
  });
}

/** Runs the config in this process and follows its readings. */
async function watchLocal(options: WatchOptions, printer: Printer): Promise<number> {
  const core = createCore({ configPath: options.configPath, hotReload: false, origin: 'cli' });
  const off = core.onEvents((batch) => printer.print(readingsOf(batch)));
  await core.start();
  const latest = await core.call('GetLatestReadings', {});
  if (latest.ok) printer.print((latest.value as { readings: Reading[] }).readings);
  await printer.done;
  off();
  await core.stop();
  return 0;
}

export async function watch(options: WatchOptions): Promise<number> {
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1)) {
    console.error('daq watch: --count must be a whole number of readings, 1 or more');
    return 2;
  }
  if (options.server && !options.token) {
    console.error('daq watch: --server needs --token (printed by `daq serve` in its URL)');
    return 2;
  }
  const printer = new Printer(options);
  const stop = (): void => printer.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return options.server ? await watchRemote({ ...options, server: options.server, token: options.token as string }, printer) : await watchLocal(options, printer);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
