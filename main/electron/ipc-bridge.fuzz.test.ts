/**
 * The contract fuzzed through the Electron IPC glue (under the fake `electron` module): every
 * command gets thousands of generated payloads as the JS values structured clone delivers,
 * including what JSON cannot carry (NaN, BigInt, Map, Date, typed arrays, cycles). Every
 * answer must be `ok` or a code of the closed set, the core must keep answering, and the
 * bench's observer (see fuzz-test-kit.ts) judges the config file after each call. The socket
 * half is main/headless/server.fuzz.test.ts; together they give each command at least 5,000.
 */
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { appErrorSchema, type Result } from '../../shared/errors.js';
import { commandChannel, commandNames } from '../../shared/ipc/command-names.js';
import { eventBatchSchema } from '../../shared/ipc/contract.js';
import { batchOf, type FuzzCase } from '../core/actor/test-support/fuzz-payload-test-kit.js';
import { fuzzSeed, startFuzzBench, type FuzzBench } from '../core/actor/test-support/fuzz-test-kit.js';
import { ipcValue, wireJson } from '../core/actor/test-support/fuzz-values-test-kit.js';
import { BrowserWindow, ipcMain } from './test-support/fake-electron.js';
import { registerIpcBridge } from './ipc-bridge.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

/** 20 of each command per batch, 200 batches: 4,000 payloads per command over IPC (the socket sends 1,000). */
const PER_COMMAND = 20;
const BATCHES = 200;
const seed = fuzzSeed();
const appUrl = pathToFileURL('/opt/daq/out/renderer/index.html').href;

let bench: FuzzBench;
let window: BrowserWindow;
let dispose: () => void;

beforeAll(async () => {
  bench = await startFuzzBench();
  window = new BrowserWindow({});
  window.webContents.navigated(appUrl);
  // The page check itself is tested in ipc-bridge.test.ts; here it only has to let our page in.
  dispose = registerIpcBridge({ core: bench.core, window: window as never, isTrustedUrl: (url) => url === appUrl });
});

afterAll(async () => {
  dispose?.();
  await bench?.stop();
});

/**
 * What the renderer can put on the channel for each kind of frame: IPC has no frames, so the
 * socket's broken ones become the nearest thing a page could send (bytes, a string, a string
 * too long for any field, one with lone surrogates).
 */
function ipcPayload(c: FuzzCase): unknown {
  switch (c.frame) {
    case 'absent':
      return undefined;
    case 'binary':
      return new TextEncoder().encode(wireJson(c.payload));
    case 'truncated':
      return wireJson(c.payload).slice(0, 10);
    case 'oversize':
      return 'x'.repeat(1 << 20);
    case 'badutf8':
      return '{\udcff\ud800}';
    default:
      return ipcValue(c.payload);
  }
}

const invoke = (c: FuzzCase): Promise<unknown> =>
  ipcMain.invoke(commandChannel(c.command), { webContents: window.webContents }, ipcPayload(c));

let batches = 0;

async function runBatch(cases: FuzzCase[]): Promise<void> {
  batches += 1;
  const problems: string[] = [];
  const answers = await Promise.all(cases.map(invoke));
  answers.forEach((answer, i) => {
    const c = cases[i] as FuzzCase;
    const result = answer as Result<unknown>;
    if (result?.ok === true) return bench.count(c.command, 'ok');
    const error = appErrorSchema.safeParse(result?.error);
    bench.count(c.command, error.success ? error.data.code : 'outside the closed set');
    if (!error.success) problems.push(`${c.command}: answer outside the contract: ${JSON.stringify(answer)?.slice(0, 300)}`);
  });
  // Event batches pushed to the window must fit the contract as much as the answers.
  for (const [channel, batch] of window.webContents.send.mock.calls) {
    const fits = eventBatchSchema.safeParse(batch);
    if (!fits.success) problems.push(`${String(channel)} batch breaks the event schema: ${JSON.stringify(batch)?.slice(0, 300)}`);
  }
  window.webContents.send.mockClear();
  // The proof the core survived the batch: it still answers GetAppState.
  const state = (await ipcMain.invoke(commandChannel('GetAppState'), { webContents: window.webContents }, {})) as Result<unknown>;
  if (!state.ok) problems.push(`GetAppState failed after a batch: ${JSON.stringify(state).slice(0, 300)}`);
  await bench.restore({ model: batches % 10 === 0 });
  problems.push(...bench.takeViolations());
  if (problems.length) throw new Error(problems.join('\n'));
}

it(`gives every command ${PER_COMMAND * BATCHES} generated payloads over IPC; every answer is ok or a known code`, async () => {
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(batchOf(PER_COMMAND), runBatch), { numRuns: BATCHES, seed, endOnFailure: true });
  console.log(bench.report('IPC', performance.now() - started, seed));
  if (details.failed) throw new Error(bench.failure(details, seed));
  for (const name of commandNames) expect(bench.totalOf(name), name).toBeGreaterThanOrEqual(PER_COMMAND * BATCHES);
}, 120_000);
