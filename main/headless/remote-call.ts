/** `daq call … --server URL --token T`: one command sent to a running app over its WebSocket. */
import WebSocket from 'ws';
import { fail, type Result } from '../../shared/errors.js';
import { WS_PATH, wsServerMessageSchema } from '../../shared/ipc/ws-protocol.js';

/** Turns the app URL the server printed (http://127.0.0.1:PORT/…) into its socket URL. */
export function socketUrl(serverUrl: string, token: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = WS_PATH;
  url.search = '';
  url.searchParams.set('token', token);
  return url.toString();
}

export function callRemote(serverUrl: string, token: string, command: string, payload: unknown, timeoutMs = 15_000): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Result<unknown>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.close();
      resolve(result);
    };
    const ws = new WebSocket(socketUrl(serverUrl, token));
    const timer = setTimeout(() => finish(fail('TIMEOUT', `no answer from ${serverUrl} within ${timeoutMs} ms`)), timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, command, payload })));
    ws.on('message', (data) => {
      const parsed = wsServerMessageSchema.safeParse(JSON.parse(data.toString()));
      if (parsed.success && parsed.data.kind === 'result' && parsed.data.id === 1) finish(parsed.data.result as Result<unknown>);
    });
    ws.on('unexpected-response', (_req, res) =>
      finish(fail(res.statusCode === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', `server refused the connection (HTTP ${res.statusCode})`)),
    );
    ws.on('error', (err) => finish(fail('UNAVAILABLE', `cannot reach ${serverUrl}: ${err.message}`)));
  });
}
