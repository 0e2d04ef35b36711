import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsTransport, wsUrlFromLocation, type WebSocketLike } from './transport-ws.js';
import { appState, batch, instrumentView } from '../test-support/fixtures.js';

/** A scripted stand-in for the browser WebSocket: the test opens, feeds and drops it. */
class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({});
  }

  calls(): { kind: string; id: number; command: string; payload: unknown }[] {
    return this.sent.map((s) => JSON.parse(s) as { kind: string; id: number; command: string; payload: unknown });
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }
}

function transport() {
  return createWsTransport({ url: 'ws://127.0.0.1:9/ws?token=t', WebSocketImpl: FakeSocket, initialDelayMs: 100, maxDelayMs: 400 });
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('wsUrlFromLocation', () => {
  it('builds the socket URL on the same host with the page token', () => {
    expect(wsUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:4312', search: '?token=a%2Bb' })).toBe(
      'ws://127.0.0.1:4312/ws?token=a%2Bb',
    );
  });

  it('sends an empty token when the page has none', () => {
    expect(wsUrlFromLocation({ protocol: 'http:', host: 'localhost:1', search: '' })).toBe('ws://localhost:1/ws?token=');
  });
});

describe('createWsTransport', () => {
  it('queues calls made before the socket opens and sends them on open', async () => {
    const client = transport();
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('ws://127.0.0.1:9/ws?token=t');
    expect(client.connectionState()).toBe('connecting');
    const answer = client.api.GetAppState({});
    expect(socket.sent).toHaveLength(0);
    socket.open();
    expect(client.connectionState()).toBe('open');
    const [call] = socket.calls();
    expect(call).toEqual({ kind: 'call', id: call?.id, command: 'GetAppState', payload: {} });
    socket.receive({ kind: 'result', id: call?.id, result: { ok: true, value: appState(3) } });
    await expect(answer).resolves.toEqual({ ok: true, value: appState(3) });
  });

  it('matches results to calls by id, whatever order they come back in', async () => {
    const client = transport();
    const socket = FakeSocket.latest();
    socket.open();
    const start = client.api.StartModule({ id: 'scan' });
    const stop = client.api.StopModule({ id: 'watch' });
    const [first, second] = socket.calls();
    expect(first?.command).toBe('StartModule');
    expect(second?.command).toBe('StopModule');
    expect(first?.id).not.toBe(second?.id);
    socket.receive({ kind: 'result', id: second?.id, result: { ok: false, error: { code: 'INVALID_STATE', message: 'not running' } } });
    socket.receive({ kind: 'result', id: first?.id, result: { ok: true, value: { started: 'scan' } } });
    await expect(start).resolves.toEqual({ ok: true, value: { started: 'scan' } });
    await expect(stop).resolves.toEqual({ ok: false, error: { code: 'INVALID_STATE', message: 'not running' } });
  });

  it('delivers pushed event batches to every listener until it unsubscribes', () => {
    const client = transport();
    const socket = FakeSocket.latest();
    socket.open();
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.api.onEvents(a);
    client.api.onEvents(b);
    const pushed = batch(4, [{ type: 'instruments:instrument-changed', instrument: instrumentView('x') }]);
    socket.receive({ kind: 'events', batch: pushed });
    offA();
    socket.receive({ kind: 'events', batch: batch(5, []) });
    expect(a.mock.calls).toEqual([[pushed]]);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('ignores messages that are not JSON or break the wire format', () => {
    const client = transport();
    const socket = FakeSocket.latest();
    socket.open();
    const listener = vi.fn();
    client.api.onEvents(listener);
    socket.receive('not json');
    socket.receive({ kind: 'events', batch: { seq: 'one', events: [] } });
    socket.receive({ kind: 'result', id: 999, result: { ok: true, value: 1 } });
    expect(listener).not.toHaveBeenCalled();
  });

  it('answers every waiting call UNAVAILABLE when the socket drops', async () => {
    const client = transport();
    const socket = FakeSocket.latest();
    socket.open();
    const waiting = [client.api.GetAppState({}), client.api.StartModule({ id: 'scan' })];
    socket.drop();
    const results = await Promise.all(waiting);
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNAVAILABLE');
    }
    expect(client.connectionState()).toBe('closed');
  });

  it('fails calls at once while disconnected instead of sending them later', async () => {
    const client = transport();
    FakeSocket.latest().open();
    FakeSocket.latest().drop();
    const result = await client.api.StopModule({ id: 'scan' });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    vi.advanceTimersByTime(100);
    FakeSocket.latest().open();
    expect(FakeSocket.latest().sent).toHaveLength(0);
  });

  it('reconnects with doubling delays, capped, and resets the delay after a successful open', () => {
    const client = transport();
    const states: string[] = [];
    client.onDidChangeConnection((s) => states.push(s));
    FakeSocket.latest().drop();
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.latest().drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);
    FakeSocket.latest().drop();
    vi.advanceTimersByTime(400);
    expect(FakeSocket.instances).toHaveLength(4);
    FakeSocket.latest().drop();
    vi.advanceTimersByTime(400); // capped at maxDelayMs
    expect(FakeSocket.instances).toHaveLength(5);
    FakeSocket.latest().open();
    FakeSocket.latest().drop();
    vi.advanceTimersByTime(100); // back to the first delay
    expect(FakeSocket.instances).toHaveLength(6);
    expect(states).toEqual(['closed', 'open', 'closed']);
  });

  it('survives a socket constructor that throws (malformed URL) and keeps retrying', async () => {
    let attempts = 0;
    const Throwing = class {
      constructor() {
        attempts += 1;
        throw new SyntaxError('invalid URL');
      }
    } as unknown as typeof FakeSocket;
    const client = createWsTransport({ url: 'ws:///ws?token=', WebSocketImpl: Throwing, initialDelayMs: 100 });
    expect(client.connectionState()).toBe('closed');
    await expect(client.api.GetAppState({})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    vi.advanceTimersByTime(100);
    expect(attempts).toBe(2);
    client.close();
  });

  it('stops for good on close(): waiting calls fail and no reconnect follows', async () => {
    const client = transport();
    const socket = FakeSocket.latest();
    socket.open();
    const waiting = client.api.GetAppState({});
    client.close();
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
    await expect(client.api.GetAppState({})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});
