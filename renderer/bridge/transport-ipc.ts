/**
 * The Electron transport: `window.daq`, exposed by the sandboxed preload, already is the typed
 * API. This wrapper only makes sure a rejected IPC promise becomes a failed Result, so callers
 * never see a throw (a handler crash or a destroyed frame rejects `ipcRenderer.invoke`).
 */
import type { Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';
import { apiFromCall, unavailable, type DaqClient } from './daq-client.js';

/** Wraps the preload's `window.daq` into a {@link DaqClient}; IPC is always connected. */
export function createIpcTransport(daq: DaqApi): DaqClient {
  const untyped = daq as unknown as Record<string, ((payload: unknown) => Promise<Result<unknown>>) | undefined>;
  const api = apiFromCall(
    async (command, payload) => {
      const fn = untyped[command];
      if (typeof fn !== 'function') return unavailable(`the app shell does not offer ${command}`);
      try {
        return await fn(payload);
      } catch (err) {
        return unavailable(`${command} did not reach the app: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    (listener) => daq.onEvents(listener),
  );
  return {
    api,
    transport: 'ipc',
    connectionState: () => 'open',
    onDidChangeConnection: () => () => undefined,
  };
}
