/**
 * Browser mode's server: loopback only, token and origin checked, host checked, files served
 * only from the renderer build, and the contract answered over the WebSocket like IPC.
 */
import { mkdtemp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/index.js';
import { startServer, type RunningServer } from './server.js';
import { resolveInside } from './static-files.js';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let core: Core;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-server-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>DAQ Studio</title>');
  await writeFile(join(rendererDir, 'assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'do not serve');
  await copyFile(join(root, 'config/default.toml'), join(dir, 'config.toml'));
  core = createCore({ configPath: join(dir, 'config.toml'), readingsIntervalMs: 50 });
  await core.start();
  server = await startServer({ core, rendererDir, token: 'test-token-123456' });
});

afterAll(async () => {
  await server.close();
  await core.stop();
  await rm(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(token: string, origin?: string): Promise<WebSocket> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => done(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((done) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(message)) {
        ws.off('message', onMessage);
        done(message);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=test-token-123456`);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('DAQ Studio');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).status).toBe(200);
  });

  it('never serves files outside the renderer build', async () => {
    expect((await get('/../secret.txt')).body).not.toContain('do not serve');
    const encoded = await get('/%2e%2e/secret.txt');
    expect(encoded.status).toBe(404);
    expect(encoded.body).not.toContain('do not serve');
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect(resolveInside('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(resolveInside('/srv/app', '/a%00b')).toBeUndefined();
    expect(resolveInside('/srv/app', '/')).toBe('/srv/app/index.html');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get('/', { Host: 'attacker.example:80' })).status).toBe(421);
  });
});

describe('WebSocket', () => {
  it('refuses a wrong token, a missing token and a foreign origin', async () => {
    await expect(connect('wrong')).rejects.toThrow('HTTP 401');
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('test-token-123456', 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('answers commands like IPC and pushes event batches', async () => {
    const ws = await connect('test-token-123456', `http://127.0.0.1:${server.port}`);
    try {
      const readings = nextMessage(ws, (m) => m['kind'] === 'events');
      ws.send(JSON.stringify({ kind: 'call', id: 7, command: 'ListInstruments', payload: {} }));
      const reply = await nextMessage(ws, (m) => m['kind'] === 'result');
      expect(reply['id']).toBe(7);
      expect((reply['result'] as { ok: boolean }).ok).toBe(true);
      const batch = (await readings)['batch'] as { seq: number; events: unknown[] };
      expect(batch.seq).toBeGreaterThan(0);
      ws.send(JSON.stringify({ kind: 'call', id: 8, command: 'AddInstrumentDynamic', payload: { id: 'x' } }));
      const refused = await nextMessage(ws, (m) => m['kind'] === 'result' && m['id'] === 8);
      expect(refused['result']).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    } finally {
      ws.close();
    }
  });

  it('answers malformed messages with VALIDATION instead of dropping the socket', async () => {
    const ws = await connect('test-token-123456');
    try {
      ws.send('{not json');
      expect(await nextMessage(ws, (m) => m['kind'] === 'result')).toMatchObject({ id: -1, result: { ok: false, error: { code: 'VALIDATION' } } });
      ws.send(JSON.stringify({ kind: 'call', id: 3, command: 'ListInstruments' , extra: true }));
      expect(await nextMessage(ws, (m) => m['kind'] === 'result')).toMatchObject({ id: 3, result: { ok: false, error: { code: 'VALIDATION' } } });
    } finally {
      ws.close();
    }
  });
});
