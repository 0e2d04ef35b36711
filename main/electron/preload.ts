/**
 * The sandboxed preload: exposes `window.daq`, one frozen object with a plain function per
 * command and `onEvents`. Nothing else crosses: no ipcRenderer, no generic send, no getters.
 *
 * It imports only the zod-free command list, so the bundle stays small and self-contained
 * (a sandboxed preload cannot require local files).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, commandChannel, commandNames, EVENTS_CHANNEL } from '../../shared/ipc/command-names.js';

function checkedChannel(channel: string): string {
  if (!channel.startsWith(CHANNEL_PREFIX)) throw new Error(`refusing IPC channel outside ${CHANNEL_PREFIX}: ${channel}`);
  return channel;
}

// A rejected invoke (no handler while the core is being replaced, an uncloneable request)
// becomes a Result too, so callers of window.daq only ever branch on `ok`.
function unavailable(err: unknown): { ok: false; error: { code: 'UNAVAILABLE'; message: string } } {
  return { ok: false, error: { code: 'UNAVAILABLE', message: err instanceof Error ? err.message : String(err) } };
}

const api: Record<string, unknown> = {};

for (const name of commandNames) {
  const channel = checkedChannel(commandChannel(name));
  api[name] = (request: unknown): Promise<unknown> => ipcRenderer.invoke(channel, request).catch(unavailable);
}

const eventsChannel = checkedChannel(EVENTS_CHANNEL);

api.onEvents = (listener: (batch: unknown) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvents needs a listener function');
  // The IPC event object (which carries the sender) stays on this side; the page gets the batch only.
  const forward = (_event: IpcRendererEvent, batch: unknown): void => listener(batch);
  ipcRenderer.on(eventsChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventsChannel, forward);
  };
};

contextBridge.exposeInMainWorld('daq', Object.freeze(api));
