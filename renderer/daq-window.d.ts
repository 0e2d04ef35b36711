/** The API the Electron preload exposes on `window`; absent in browser mode. */
import type { DaqApi } from '../shared/ipc/contract.js';

declare global {
  interface Window {
    readonly daq?: DaqApi;
  }
}

export {};
