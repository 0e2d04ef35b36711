/**
 * App-wide status: whether the first snapshot is in (tests wait for `data-app-state="ready"`)
 * and the connection to the core. Whether changes reached the config file is the persistence
 * store's concern.
 */
import { create } from 'zustand';
import type { ConnectionState } from '../bridge/daq-client.js';

export interface AppStatusState {
  readonly ready: boolean;
  readonly connection: ConnectionState;
  readonly transport: 'ipc' | 'websocket' | null;
}

interface AppStatusActions {
  snapshotApplied(): void;
  connectionChanged(connection: ConnectionState): void;
  transportPicked(transport: 'ipc' | 'websocket', connection: ConnectionState): void;
}

export const initialAppStatusState: AppStatusState = {
  ready: false,
  connection: 'connecting',
  transport: null,
};

/** The app status store; components read it through the hooks below. */
export const useAppStatusStore = create<AppStatusState & AppStatusActions>()((set) => ({
  ...initialAppStatusState,
  snapshotApplied: () => set({ ready: true }),
  connectionChanged: (connection) => set({ connection }),
  transportPicked: (transport, connection) => set({ transport, connection }),
}));

/** `ready` once the first snapshot has been applied, `loading` before. */
export function selectAppState(s: AppStatusState): 'ready' | 'loading' {
  return s.ready ? 'ready' : 'loading';
}

/** The connection state. */
export function selectConnection(s: AppStatusState): ConnectionState {
  return s.connection;
}

/** The value of `data-app-state`. */
export function useAppState(): 'ready' | 'loading' {
  return useAppStatusStore(selectAppState);
}

/** The connection state. */
export function useConnection(): ConnectionState {
  return useAppStatusStore(selectConnection);
}
