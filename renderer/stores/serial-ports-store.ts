/**
 * The serial ports the add form suggests: the core's `ListSerialPorts` answer (OS ports with
 * USB details, stable by-id names, built-in simulators), asked for when the form shows a
 * serial type and again on "Refresh ports".
 */
import { create } from 'zustand';
import type { AppErrorData } from '../../shared/errors.js';
import type { SerialPortList } from '../../shared/model/serial.js';

export type PortListStatus = 'idle' | 'loading' | 'loaded' | 'failed';

export interface SerialPortsState {
  readonly status: PortListStatus;
  readonly list: SerialPortList | null;
  readonly error: AppErrorData | null;
}

interface SerialPortsActions {
  /** The form was opened anew: the next serial type asks again. */
  listForgotten(): void;
  listRequested(): void;
  portsListed(list: SerialPortList): void;
  listingFailed(error: AppErrorData): void;
}

export const initialSerialPortsState: SerialPortsState = { status: 'idle', list: null, error: null };

/** The serial-ports store. */
export const useSerialPortsStore = create<SerialPortsState & SerialPortsActions>()((set) => ({
  ...initialSerialPortsState,
  listForgotten: () => set(initialSerialPortsState),
  // The previous list stays on screen while a refresh is out.
  listRequested: () => set({ status: 'loading', error: null }),
  portsListed: (list) => set({ status: 'loaded', list, error: null }),
  listingFailed: (error) => set({ status: 'failed', error }),
}));

/** The last list, or null before the first answer. */
export function selectPortList(s: SerialPortsState): SerialPortList | null {
  return s.list;
}

/** Whether a listing is idle, out, in or failed. */
export function selectPortListStatus(s: SerialPortsState): PortListStatus {
  return s.status;
}

/** Why the last listing failed, or null. */
export function selectPortListError(s: SerialPortsState): AppErrorData | null {
  return s.error;
}
