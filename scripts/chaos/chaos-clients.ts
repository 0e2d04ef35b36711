/**
 * The clients of one chaos child, all on the same core: the core itself (`core.call`), a
 * WebSocket to the browser-mode server as the renderer's transport speaks it, the Electron IPC
 * glue's handlers reached as the renderer's `invoke` reaches them, and `daq call` processes sent
 * to that server. Each answers the app's `Result` as the app gave it. A client that loses an
 * answer throws ClientFailure instead, which ends the child and so fails the run with its stderr:
 * a made-up refusal would tell the checks that nothing was written, and with the server in this
 * very process a lost answer is a broken client path, not weather.
 *
 * A call that promises something is announced (its intent line written) just before its command
 * can reach the core: right before the client sends it, or, for a `daq call`, when the server
 * receives it from that process. A process start takes a good part of a second, and a hand save
 * in that time happened before the command, not during it; the checks would otherwise take it
 * for one made while a rollback was writing its whole file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { Result } from '../../shared/errors.js';
import { commandChannel, commandFeatures, type CommandName } from '../../shared/ipc/command-names.js';
import { WS_PATH, wsServerMessageSchema, type WsClientMessage } from '../../shared/ipc/ws-protocol.js';
import type { Core } from '../../main/core/index.js';
import { startServer } from '../../main/headless/server.js';
import type { ClientKind } from './chaos-protocol.js';
import { ClientFailure, DaqCallClient } from './daq-call-client.js';
import type { IpcGlue } from './ipc-glue.js';

export interface ChaosClients {
  /** Sends `command`; `announce`, if given, is called once, just before it can reach the core. */
  call(client: ClientKind, command: string, request: unknown, announce?: () => void): Promise<Result<unknown>>;
}

/** A socket to the server, opened as the page would open it (same token, same Origin). */
class WsClient {
  private nextId = 1;
  private readonly pending = new Map<number, { done: (result: Result<unknown>) => void; fail: (err: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.take(data.toString());
    });
    socket.on('close', (code) => this.failAll(`the socket closed (${code})`));
    socket.on('error', (err) => this.failAll(`the socket failed: ${err.message}`));
  }

  static open(port: number, token: string): Promise<WsClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}?token=${encodeURIComponent(token)}`, { origin: `http://127.0.0.1:${port}` });
    return new Promise((done, fail) => {
      socket.once('open', () => done(new WsClient(socket)));
      socket.once('unexpected-response', (_req, res) => fail(new ClientFailure(`the server refused the socket (HTTP ${res.statusCode})`)));
      socket.once('error', fail);
    });
  }

  call(command: string, payload: unknown): Promise<Result<unknown>> {
    const message: WsClientMessage = { kind: 'call', id: this.nextId++, command, payload };
    return new Promise((done, fail) => {
      if (this.socket.readyState !== WebSocket.OPEN) return fail(new ClientFailure('the socket is not open'));
      this.pending.set(message.id, { done, fail });
      this.socket.send(JSON.stringify(message));
    });
  }

  /** Answers are matched by id, as the renderer does; pushed event batches are not needed here. */
  private take(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    if ((json as { kind?: unknown } | null)?.kind === 'events') return;
    const parsed = wsServerMessageSchema.safeParse(json);
    if (!parsed.success || parsed.data.kind !== 'result') return;
    // Id -1: the server could not read a call of ours (the one out), which would wait for ever.
    if (parsed.data.id === -1) return this.failAll(`the server could not read a call: ${JSON.stringify(parsed.data.result).slice(0, 300)}`);
    const waiting = this.pending.get(parsed.data.id);
    this.pending.delete(parsed.data.id);
    waiting?.done(parsed.data.result as Result<unknown>);
  }

  private failAll(why: string): void {
    for (const { fail } of this.pending.values()) fail(new ClientFailure(why));
    this.pending.clear();
  }
}

/**
 * The glue's handlers, as the preload's `window.daq.<Command>(request)` reaches them from the
 * window showing the app's page (the page check itself is main/electron's to test). The preload
 * turns a rejected invoke into UNAVAILABLE; here it is a ClientFailure, as for the other clients.
 */
function ipcCaller(glue: IpcGlue, core: Core, root: string): (command: string, request: unknown) => Promise<Result<unknown>> {
  const appUrl = pathToFileURL(join(root, 'out/renderer/index.html')).href;
  const window = new glue.StandInWindow(appUrl);
  glue.registerIpcBridge({ core, window: window as never, isTrustedUrl: (url) => url === appUrl });
  return async (command, request) => {
    if (!Object.hasOwn(commandFeatures, command)) throw new ClientFailure(`the preload offers no ${command}`);
    try {
      return (await glue.ipcMain.invoke(commandChannel(command as CommandName), window, request)) as Result<unknown>;
    } catch (err) {
      throw new ClientFailure(`${command} over IPC rejected: ${(err as Error).message}`);
    }
  };
}

/**
 * Starts the server (loopback, a free port, a token of this life) and opens every client. The
 * server gets the core with one hook on `call`: the operations send one command at a time, so
 * while a `daq call` is out, the next command the server hands to the core is that process's.
 */
export async function startClients(core: Core, glue: IpcGlue, root: string): Promise<ChaosClients> {
  let cliOut: { command: string; announce: () => void; arrived: boolean } | undefined;
  const served: Core = {
    ...core,
    call: (name, payload) => {
      if (cliOut && !cliOut.arrived && name === cliOut.command) {
        cliOut.arrived = true;
        cliOut.announce();
      }
      return core.call(name, payload);
    },
  };
  const token = randomBytes(18).toString('base64url');
  const server = await startServer({ core: served, rendererDir: join(root, 'out/renderer'), port: 0, token });
  const ws = await WsClient.open(server.port, token);
  const ipc = ipcCaller(glue, core, root);
  const cli = new DaqCallClient(root, server.url, token);
  const viaCli = async (command: string, request: unknown, announce: () => void): Promise<Result<unknown>> => {
    const out = (cliOut = { command, announce, arrived: false });
    try {
      const answer = await cli.call(command, request);
      // An answer for a command the server never got (refused by the CLI itself) has no intent.
      if (!out.arrived) throw new ClientFailure(`daq call ${command} answered without sending it: ${JSON.stringify(answer).slice(0, 300)}`);
      return answer;
    } finally {
      cliOut = undefined;
    }
  };
  return {
    call: (client, command, request, announce = () => undefined) => {
      if (client === 'cli') return viaCli(command, request, announce);
      announce();
      if (client === 'ws') return ws.call(command, request);
      if (client === 'ipc') return ipc(command, request);
      return core.call(command, request);
    },
  };
}
