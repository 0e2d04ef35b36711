/**
 * Browser mode's socket against hostile clients: oversize, malformed, binary and deeply nested
 * frames are answered or cost only the connection that sent them; the server, and every other
 * client, keeps working.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadLimits } from '../../shared/ipc/contract.js';
import { WS_MAX_MESSAGE_BYTES as MAX_MESSAGE_BYTES } from '../../shared/ipc/ws-protocol.js';
import { createCore, type Core } from '../core/index.js';
import { callRemote } from './remote-call.js';
import { startServer, type RunningServer } from './server.js';

const root = resolve(import.meta.dirname, '../..');
const token = 'hostile-token-123456';
let dir: string;
let core: Core;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-hostile-'));
  await copyFile(join(root, 'main/core/actor/fixtures/mock-bench.toml'), join(dir, 'config.toml'));
  core = createCore({ configPath: join(dir, 'config.toml'), hotReload: false });
  await core.start();
  server = await startServer({ core, rendererDir: join(dir, 'renderer'), token });
});

afterAll(async () => {
  await server.close();
  await core.stop();
  await rm(dir, { recursive: true, force: true });
});

function connect(port = server.port): Promise<WebSocket> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    ws.once('open', () => done(ws));
    ws.once('error', reject);
  });
}

type Message = Record<string, unknown>;

function nextResult(ws: WebSocket, id?: number): Promise<Message> {
  return new Promise((done) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as Message;
      if (message['kind'] === 'result' && (id === undefined || message['id'] === id)) {
        ws.off('message', onMessage);
        done(message);
      }
    };
    ws.on('message', onMessage);
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((done) => ws.once('close', (code) => done(code)));
}

/** The proof the server still works: a GetAppState answered on `ws`. */
async function answersAppState(ws: WebSocket, id: number): Promise<void> {
  const reply = nextResult(ws, id);
  ws.send(JSON.stringify({ kind: 'call', id, command: 'GetAppState', payload: {} }));
  expect(await reply).toMatchObject({ id, result: { ok: true } });
}

/** The raw TCP socket under a client, to write frames the `ws` client would never produce. */
function rawSocket(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

describe('frames that cost the sender its connection, and nothing else', () => {
  const cases: [string, number, (ws: WebSocket) => void][] = [
    ['a text frame over the size limit', 1009, (ws) => ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1))],
    ['a call over the size limit', 1009, (ws) => ws.send(JSON.stringify({ kind: 'call', id: 1, command: 'GetAppState', payload: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }))],
    ['a binary frame over the size limit', 1009, (ws) => ws.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1))],
    ['a text frame that is not UTF-8', 1007, (ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })],
    ['an unmasked client frame', 1002, (ws) => rawSocket(ws).write(Buffer.from([0x81, 0x01, 0x41]))],
  ];

  it.each(cases)('%s: that socket is closed with %i, other clients keep working', async (_what, code, sendBad) => {
    const bystander = await connect();
    const attacker = await connect();
    try {
      const gone = closed(attacker);
      sendBad(attacker);
      expect(await gone).toBe(code);
      await answersAppState(bystander, 11);
      const fresh = await connect();
      await answersAppState(fresh, 12);
      fresh.close();
    } finally {
      bystander.close();
      attacker.terminate();
    }
  });
});

describe('frames that are answered, on a connection that stays open', () => {
  it('a binary frame is VALIDATION saying calls are JSON text', async () => {
    const ws = await connect();
    try {
      const reply = nextResult(ws);
      ws.send(Buffer.from(JSON.stringify({ kind: 'call', id: 5, command: 'GetAppState', payload: {} })));
      expect(await reply).toMatchObject({ id: -1, result: { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('binary') } } });
      await answersAppState(ws, 6);
    } finally {
      ws.close();
    }
  });

  it('a 9 KB call nested 1,500 deep is VALIDATION naming the depth limit', async () => {
    const ws = await connect();
    try {
      const deep = `${'{"a":'.repeat(1_500)}1${'}'.repeat(1_500)}`;
      const reply = nextResult(ws, 7);
      ws.send(`{"kind":"call","id":7,"command":"UpdateInstrumentParameter","payload":{"id":"camera","param":"amplitude","value":${deep}}}`);
      const answer = await reply;
      expect(answer).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION' } } });
      expect(JSON.stringify(answer)).toContain(`deeper than ${payloadLimits.maxDepth}`);
      await answersAppState(ws, 8);
    } finally {
      ws.close();
    }
  });

  it('a null payload is VALIDATION, a "__proto__" key in a config is refused by path', async () => {
    const ws = await connect();
    try {
      let reply = nextResult(ws, 9);
      ws.send('{"kind":"call","id":9,"command":"ListInstruments","payload":null}');
      expect(await reply).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION' } } });
      reply = nextResult(ws, 10);
      ws.send('{"kind":"call","id":10,"command":"AddInstrumentDynamic","payload":{"id":"p","config":{"type":"mock","sample_rate_hz":5,"__proto__":{"x":1}}}}');
      expect(await reply).toMatchObject({ result: { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('config.__proto__') } } });
    } finally {
      ws.close();
    }
  });

  it('a core that throws (a bug) is answered INTERNAL instead of taking the server down', async () => {
    const broken = { call: () => Promise.reject(new Error('boom')), onEvents: () => () => undefined } as unknown as Core;
    const other = await startServer({ core: broken, rendererDir: join(dir, 'renderer'), token });
    try {
      const ws = await connect(other.port);
      const reply = nextResult(ws, 1);
      ws.send(JSON.stringify({ kind: 'call', id: 1, command: 'GetAppState', payload: {} }));
      expect(await reply).toMatchObject({ result: { ok: false, error: { code: 'INTERNAL', message: 'boom' } } });
      ws.close();
    } finally {
      await other.close();
    }
  });
});

describe('daq call --server', () => {
  it('says the call is over the size limit when the server closes for it (no 15 s wait)', async () => {
    const result = await callRemote(server.url, token, 'GetAppState', { pad: 'x'.repeat(MAX_MESSAGE_BYTES) }, 10_000);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('1 MiB') } });
  });
});
