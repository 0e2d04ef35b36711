/**
 * App-wide status: whether the first snapshot is in (tests wait for `data-app-state="ready"`),
 * the connection to the core, and whether the last change reached the config file.
 */
import { create } from 'zustand';
import type { ConnectionState } from '../bridge/daq-client.js';

export interface AppStatusState {
  readonly ready: boolean;
  readonly connection: ConnectionState;
  readonly transport: 'ipc' | 'websocket' | null;
  /** Why the last change was not written to the file; null when it was (or nothing changed). */
  readonly notSavedReason: string | null;
}

interface AppStatusActions {
  snapshotApplied(): void;
  connectionChanged(connection: ConnectionState): void;
  transportPicked(transport: 'ipc' | 'websocket', connection: ConnectionState): void;
  changeNotSaved(reason: string): void;
  changeSaved(): void;
}

export const initialAppStatusState: AppStatusState = {
  ready: false,
  connection: 'connecting',
  transport: null,
  notSavedReason: null,
};

/** The app status store; components read it through the hooks below. */
export const useAppStatusStore = create<AppStatusState & AppStatusActions>()((set) => ({
  ...initialAppStatusState,
  snapshotApplied: () => set({ ready: true }),
  connectionChanged: (connection) => set({ connection }),
  transportPicked: (transport, connection) => set({ transport, connection }),
  changeNotSaved: (reason) => set({ notSavedReason: reason }),
  changeSaved: () => set({ notSavedReason: null }),
}));

/** `ready` once the first snapshot has been applied, `loading` before. */
export function selectAppState(s: AppStatusState): 'ready' | 'loading' {
  return s.ready ? 'ready' : 'loading';
}

/** The connection state. */
export function selectConnection(s: AppStatusState): ConnectionState {
  return s.connection;
}

/** Why the last change was not saved, or null. */
export function selectNotSavedReason(s: AppStatusState): string | null {
  return s.notSavedReason;
}

/** The value of `data-app-state`. */
export function useAppState(): 'ready' | 'loading' {
  return useAppStatusStore(selectAppState);
}

/** The connection state. */
export function useConnection(): ConnectionState {
  return useAppStatusStore(selectConnection);
}

/** Why the last change was not saved to the file. */
export function useNotSavedReason(): string | null {
  return useAppStatusStore(selectNotSavedReason);
}
