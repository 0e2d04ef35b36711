/**
 * The contract fuzzed through browser mode's real socket: every command gets generated payloads
 * as JSON text written by hand (so -0, `1e999` and text that is not JSON arrive as such), plus
 * binary, truncated, non-UTF-8 and oversize frames. Every answer must be `ok` or a code of the
 * closed set, every message must fit the wire schema, the server must keep answering, and the
 * bench's observer (fuzz-test-kit.ts) judges the config file after each call. The IPC half is
 * main/electron/ipc-bridge.fuzz.test.ts; together they give each command 5,000 payloads a run.
 */
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import { commandNames } from '../../shared/ipc/command-names.js';
import { WS_MAX_MESSAGE_BYTES, wsServerMessageSchema } from '../../shared/ipc/ws-protocol.js';
import { batchOf, type FuzzCase } from '../core/actor/test-support/fuzz-payload-test-kit.js';
import { fuzzSeed, startFuzzBench, type FuzzBench } from '../core/actor/test-support/fuzz-test-kit.js';
import { isWireJson, wireJson } from '../core/actor/test-support/fuzz-values-test-kit.js';
import { startServer, type RunningServer } from './server.js';

/** 10 of each command per batch, 100 batches: 1,000 per command here, 4,000 more over IPC (the cheaper transport). */
const PER_COMMAND = 10;
const BATCHES = 100;
const token = 'fuzz-token-1234567890';
const seed = fuzzSeed();

let bench: FuzzBench;
let server: RunningServer;
let main: WebSocket;
let nextId = 1;
let batches = 0;
/** Calls awaiting their answer on `main`, by id. */
const waiting = new Map<number, (result: Result<unknown>) => void>();
/** Answers with id -1 (frames the server could not read as a call), awaited by count. */
let unreadable: { expected: number; got: Result<unknown>[]; done: () => void } = { expected: 0, got: [], done: () => undefined };
const protocolErrors: string[] = [];

function connect(): Promise<WebSocket> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
    ws.once('open', () => done(ws));
    ws.once('error', reject);
  });
}

function onMessage(data: WebSocket.RawData): void {
  const text = data.toString();
  const parsed = wsServerMessageSchema.safeParse(JSON.parse(text));
  if (!parsed.success) return void protocolErrors.push(`a message breaks the wire schema: ${text.slice(0, 300)}`);
  if (parsed.data.kind !== 'result') return;
  const { id, result } = parsed.data as { id: number; result: Result<unknown> };
  if (id === -1) {
    unreadable.got.push(result);
    if (unreadable.got.length === unreadable.expected) unreadable.done();
    return;
  }
  const resolve = waiting.get(id);
  if (!resolve) return void protocolErrors.push(`an answer to a call never made (id ${id})`);
  waiting.delete(id);
  resolve(result);
}

beforeAll(async () => {
  bench = await startFuzzBench();
  server = await startServer({ core: bench.core, rendererDir: bench.dir, token });
  main = await connect();
  main.on('message', onMessage);
});

afterAll(async () => {
  main?.close();
  await server?.close();
  await bench?.stop();
});

/** A frame that must cost its sender the connection, sent on a socket of its own: the close code. */
async function closes(frame: string | Buffer): Promise<number> {
  const ws = await connect();
  const code = new Promise<number>((done) => ws.once('close', (c) => done(c)));
  ws.on('error', () => undefined); // the close code says what happened
  ws.send(frame, { binary: false });
  return code;
}

/** What became of one case: the answer to its call, how its connection closed, or an id -1 answer. */
type Outcome = { answer: Promise<Result<unknown>> } | { closed: Promise<number> } | { unreadable: true };

function send(c: FuzzCase): Outcome {
  const id = nextId++;
  const included = c.frame !== 'absent' && c.payload !== undefined;
  const text = `{"kind":"call","id":${id},"command":"${c.command}"${included ? `,"payload":${wireJson(c.payload)}` : ''}}`;
  if (c.frame === 'oversize') return { closed: closes(`${text.slice(0, -1)},"pad":"${'x'.repeat(WS_MAX_MESSAGE_BYTES)}"}`) };
  if (c.frame === 'badutf8') return { closed: closes(Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff])])) };
  // Several long values in one payload can pass the frame limit on their own.
  if (Buffer.byteLength(text) > WS_MAX_MESSAGE_BYTES) return { closed: closes(text) };
  if (c.frame === 'binary' || c.frame === 'truncated' || (included && !isWireJson(c.payload))) {
    unreadable.expected += 1;
    main.send(c.frame === 'truncated' ? text.slice(0, Math.ceil(text.length / 2)) : c.frame === 'binary' ? Buffer.from(text) : text, { binary: c.frame === 'binary' });
    return { unreadable: true };
  }
  const answer = new Promise<Result<unknown>>((resolve) => waiting.set(id, resolve));
  main.send(text);
  return { answer };
}

async function runBatch(cases: FuzzCase[]): Promise<void> {
  batches += 1;
  const allUnreadable = new Promise<void>((done) => (unreadable = { expected: 0, got: [], done }));
  const sent = cases.map((c) => [c, send(c)] as const);
  if (unreadable.expected === 0) unreadable.done();
  for (const [c, outcome] of sent) {
    if ('answer' in outcome) {
      // Its shape, and so its code, was checked against the wire schema on arrival.
      const result = await outcome.answer;
      bench.count(c.command, result.ok ? 'ok' : result.error.code);
    } else if ('closed' in outcome) {
      const code = await outcome.closed;
      bench.count(c.command, `closed ${code}`);
      if (code !== 1009 && code !== 1007) protocolErrors.push(`${c.frame} frame of ${c.command}: closed with ${code}, expected 1009 or 1007`);
    }
  }
  await allUnreadable;
  for (const [c, outcome] of sent) if ('unreadable' in outcome) bench.count(c.command, 'VALIDATION');
  for (const r of unreadable.got) if (r.ok || r.error.code !== 'VALIDATION') protocolErrors.push(`an unreadable frame was answered ${JSON.stringify(r).slice(0, 200)}`);
  // The proof the server survived the batch: it still answers GetAppState.
  const id = nextId++;
  const state = new Promise<Result<unknown>>((resolve) => waiting.set(id, resolve));
  main.send(JSON.stringify({ kind: 'call', id, command: 'GetAppState', payload: {} }));
  if (!(await state).ok) protocolErrors.push('GetAppState failed after a batch');
  await bench.restore({ model: batches % 10 === 0 });
  const problems = [...protocolErrors.splice(0), ...bench.takeViolations()];
  if (problems.length) throw new Error(problems.join('\n'));
}

it(`gives every command ${PER_COMMAND * BATCHES} generated payloads over the socket; every answer is ok or a known code`, async () => {
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(batchOf(PER_COMMAND), runBatch), { numRuns: BATCHES, seed, endOnFailure: true });
  console.log(bench.report('socket', performance.now() - started, seed));
  if (details.failed) throw new Error(bench.failure(details, seed));
  for (const name of commandNames) expect(bench.totalOf(name), name).toBeGreaterThanOrEqual(PER_COMMAND * BATCHES);
}, 120_000);
