/**
 * The browser-mode transport: the same contract over the loopback WebSocket. Calls carry an id
 * and are answered by a result with that id; event batches are pushed. When the socket drops,
 * every call still waiting is answered UNAVAILABLE (never left hanging) and the socket is
 * reopened with exponential backoff.
 */
import type { Result } from '../../shared/errors.js';
import type { EventBatch } from '../../shared/ipc/contract.js';
import { Backoff } from '../../shared/retry/backoff.js';
import { WS_PATH, wsServerMessageSchema, type WsClientMessage } from '../../shared/ipc/ws-protocol.js';
import { apiFromCall, unavailable, type ConnectionState, type DaqClient } from './daq-client.js';

/** The part of the DOM WebSocket this transport uses, so tests can inject a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WsTransportOptions {
  readonly url: string;
  /** Defaults to the browser's WebSocket. */
  readonly WebSocketImpl?: WebSocketConstructor;
  /** First reconnect delay; doubles after each failed attempt up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface WsTransport extends DaqClient {
  /** Closes the socket for good (no reconnect); waiting calls fail UNAVAILABLE. */
  close(): void;
}

const OPEN = 1;

/** `ws://<host>/ws?token=<token>` for a page opened as `http://<host>/?token=<token>`. */
export function wsUrlFromLocation(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

/** Opens the socket right away and keeps it open until {@link WsTransport.close}. */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const Impl = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
  // No jitter: one page reconnecting to its own core has nobody to fall into lockstep with.
  const delays = new Backoff({ initialMs: options.initialDelayMs ?? 250, maxMs: options.maxDelayMs ?? 5000, factor: 2, jitter: 0 });

  let socket: WebSocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let closedForGood = false;
  let nextId = 1;
  // Calls made before the first open wait here; after that, a call without a socket fails at once
  // so a click during an outage never fires minutes later.
  let queued: WsClientMessage[] = [];
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const eventListeners = new Set<(batch: EventBatch) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const failAll = (message: string): void => {
    const waiting = [...pending.values()];
    pending.clear();
    queued = [];
    for (const resolve of waiting) resolve(unavailable(message));
  };

  const handleMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = wsServerMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'events') {
      for (const listener of eventListeners) listener(message.batch);
      return;
    }
    const resolve = pending.get(message.id);
    if (!resolve) return;
    pending.delete(message.id);
    resolve(message.result);
  };

  const scheduleReconnect = (): void => {
    setState('closed');
    reconnectTimer = setTimeout(connect, delays.next());
  };

  const connect = (): void => {
    reconnectTimer = undefined;
    let ws: WebSocketLike;
    try {
      ws = new Impl(options.url);
    } catch {
      // A malformed URL (a page opened from file:// without the preload) throws here; keep the
      // app alive and showing "disconnected" instead of failing bootstrap.
      failAll('cannot open a connection to DAQ Studio');
      return scheduleReconnect();
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      delays.reset();
      for (const message of queued) ws.send(JSON.stringify(message));
      queued = [];
      setState('open');
    };
    ws.onmessage = (event) => {
      if (socket === ws) handleMessage(event.data);
    };
    ws.onerror = () => undefined; // a close event always follows; handled there
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll('the connection to DAQ Studio was lost; reconnecting');
      if (!closedForGood) scheduleReconnect();
    };
  };

  const call = (command: string, payload: unknown): Promise<Result<unknown>> => {
    if (closedForGood) return Promise.resolve(unavailable('the connection to DAQ Studio is closed'));
    const message: WsClientMessage = { kind: 'call', id: nextId++, command, payload };
    return new Promise((resolve) => {
      if (socket && socket.readyState === OPEN) {
        pending.set(message.id, resolve);
        socket.send(JSON.stringify(message));
      } else if (state === 'connecting') {
        pending.set(message.id, resolve);
        queued.push(message);
      } else {
        resolve(unavailable('not connected to DAQ Studio; reconnecting'));
      }
    });
  };

  connect();

  return {
    api: apiFromCall(call, (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    }),
    transport: 'websocket',
    connectionState: () => state,
    onDidChangeConnection: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close: () => {
      closedForGood = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const ws = socket;
      socket = null;
      failAll('the connection to DAQ Studio is closed');
      ws?.close();
      setState('closed');
    },
  };
}
