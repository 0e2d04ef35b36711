/**
 * What the rest of the renderer gets from the bridge: the typed {@link DaqApi} plus the state
 * of the connection behind it. Nothing above `renderer/bridge/` knows which transport is used.
 */
import type { AppErrorData, Result } from '../../shared/errors.js';
import { commandNames, type CommandName, type DaqApi, type EventBatch } from '../../shared/ipc/contract.js';

/** `connecting` before the first open, `open`, or `closed` while a reconnect is pending. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** The bridge as seen by bootstrap code: the API and its connection. */
export interface DaqClient {
  readonly api: DaqApi;
  /** Which transport was picked at bootstrap (shown in the status bar). */
  readonly transport: 'ipc' | 'websocket';
  connectionState(): ConnectionState;
  /** Calls `listener` on every connection state change; returns the unsubscribe function. */
  onDidChangeConnection(listener: (state: ConnectionState) => void): () => void;
}

/** The failed Result every transport answers when the other side cannot be reached. */
export function unavailable(message: string): { ok: false; error: AppErrorData } {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

/** One untyped call as a transport performs it. */
export type RawCall = (command: CommandName, payload: unknown) => Promise<Result<unknown>>;

/**
 * Builds the typed API from one untyped call function, one method per command name in the
 * contract, so a new command needs no change in either transport.
 */
export function apiFromCall(call: RawCall, onEvents: (listener: (batch: EventBatch) => void) => () => void): DaqApi {
  const methods: Record<string, unknown> = { onEvents };
  for (const name of commandNames) methods[name] = (request: unknown) => call(name, request);
  return Object.freeze(methods) as DaqApi;
}
