/**
 * Picks the transport once, at bootstrap: inside Electron the preload has exposed `window.daq`
 * and IPC is used; anywhere else (browser mode) the loopback WebSocket is.
 */
import type { DaqClient } from './daq-client.js';
import { createIpcTransport } from './transport-ipc.js';
import { createWsTransport, wsUrlFromLocation } from './transport-ws.js';

/** The one client of this page, built from what the page was given. */
export function createClient(win: Window = window): DaqClient {
  if (win.daq) return createIpcTransport(win.daq);
  return createWsTransport({ url: wsUrlFromLocation(win.location) });
}
