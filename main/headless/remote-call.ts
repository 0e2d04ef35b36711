/** `daq call … --server URL --token T`: one command sent to a running app over its WebSocket. */
import WebSocket from 'ws';
import { fail, type Result } from '../../shared/errors.js';
import { WS_MAX_MESSAGE_BYTES, WS_PATH, wsServerMessageSchema } from '../../shared/ipc/ws-protocol.js';

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
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return; // not a message of ours; the answer or the timeout still comes
      }
      const parsed = wsServerMessageSchema.safeParse(message);
      if (parsed.success && parsed.data.kind === 'result' && parsed.data.id === 1) finish(parsed.data.result as Result<unknown>);
    });
    // The server closes the connection instead of answering a frame it cannot read.
    ws.on('close', (code, reason) => {
      if (code === 1009) {
        finish(fail('VALIDATION', `the call is over the server's message limit of ${WS_MAX_MESSAGE_BYTES / (1 << 20)} MiB (connection closed with 1009)`));
      } else {
        finish(fail('UNAVAILABLE', `${serverUrl} closed the connection before answering (code ${code}${reason.length ? `: ${reason.toString()}` : ''})`));
      }
    });
    ws.on('unexpected-response', (_req, res) =>
      finish(fail(res.statusCode === 401 ? 'UNAUTHORIZED' : 'UNAVAILABLE', `server refused the connection (HTTP ${res.statusCode})`)),
    );
    ws.on('error', (err) => finish(fail('UNAVAILABLE', `cannot reach ${serverUrl}: ${err.message}`)));
  });
}
