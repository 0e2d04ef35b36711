/**
 * Browser mode: the same core and the same contract as the Electron shell, served on
 * 127.0.0.1 only. The built renderer comes over HTTP; commands and event batches go over a
 * WebSocket that demands the per-launch token and refuses foreign origins and hosts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { fail, toAppErrorData, type Result } from '../../shared/errors.js';
import { WS_MAX_MESSAGE_BYTES, WS_PATH, wsClientMessageSchema, type WsServerMessage } from '../../shared/ipc/ws-protocol.js';
import type { Core } from '../core/index.js';
import { securityHeaders, serveStatic } from './static-files.js';

export interface ServerOptions {
  readonly core: Core;
  /** Folder of the built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Tests may fix the token; otherwise a random one per launch. */
  readonly token?: string;
  /** Told when a client's frame made its connection close (too big, not UTF-8, broken framing). */
  readonly onClientError?: (err: Error) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Host header check: defeats DNS rebinding (a foreign name resolving to 127.0.0.1). */
function allowedHost(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `${HOST}:${port}` || req.headers.host === `localhost:${port}`;
}

/** Browsers always send Origin on WebSocket upgrades; the CLI sends none. */
function allowedOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function send(ws: WebSocket, message: WsServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function sendResult(ws: WebSocket, id: number, result: Result<unknown>): void {
  send(ws, { kind: 'result', id, result: result as never });
}

/** Answers one frame; every way it can go wrong is an answer to this client, never a throw. */
async function answer(ws: WebSocket, core: Core, data: RawData, isBinary: boolean): Promise<void> {
  let id = -1;
  try {
    if (isBinary) {
      sendResult(ws, id, fail('VALIDATION', 'binary frames are not accepted: send each call as a JSON text frame'));
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      sendResult(ws, id, fail('VALIDATION', 'message is not valid JSON'));
      return;
    }
    const parsed = wsClientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const given = (raw as { id?: unknown } | null)?.id;
      sendResult(ws, typeof given === 'number' && Number.isInteger(given) ? given : -1, fail('VALIDATION', 'malformed call message'));
      return;
    }
    id = parsed.data.id;
    sendResult(ws, id, await core.call(parsed.data.command, parsed.data.payload));
  } catch (err) {
    // core.call never throws; this keeps a future bug from becoming an unhandled rejection,
    // which would end the process and with it every client.
    sendResult(ws, id, { ok: false, error: toAppErrorData(err) });
  }
}

function handleConnection(ws: WebSocket, core: Core, onClientError: ((err: Error) => void) | undefined): void {
  const unsubscribe = core.onEvents((batch) => send(ws, { kind: 'events', batch }));
  ws.on('close', unsubscribe);
  // A frame over the size limit, not UTF-8 or breaking the framing makes `ws` close this
  // connection (1009, 1007, 1002) and emit 'error'; unheard, that error ended the process.
  ws.on('error', (err) => onClientError?.(err));
  ws.on('message', (data, isBinary) => void answer(ws, core, data, isBinary).catch((err: Error) => onClientError?.(err)));
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  // Hex, not base64url: a token starting with "-" reads as an option to `daq call --token T`.
  const token = options.token ?? randomBytes(24).toString('hex');
  let port = 0;
  const http = createServer((req, res) => {
    if (!allowedHost(req, port)) {
      res.writeHead(421, securityHeaders(port)).end('wrong host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, securityHeaders(port)).end('method not allowed');
      return;
    }
    const path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    void serveStatic(options.rendererDir, path, res, port);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHost(req, port) || !allowedOrigin(req, port)) return refuse(socket, 403, 'Forbidden');
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => handleConnection(ws, options.core, options.onClientError));
  });
  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, HOST, () => resolvePromise());
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((r) => http.close(() => r()));
      // An open page holds keep-alive connections that would delay the close by seconds.
      http.closeAllConnections();
      await closed;
    },
  };
}
