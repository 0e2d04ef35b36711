/**
 * The contract over Electron IPC: one `ipcMain.handle` per command, on the channel derived
 * from its name, plus the push of event batches to the window. Handlers only check the sender
 * and hand the untrusted payload to the core, which parses it against the contract.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Core } from '../core/index.js';
import { fail, toAppErrorData, type Result } from '../../shared/errors.js';
import { commandChannel, commandNames, EVENTS_CHANNEL } from '../../shared/ipc/command-names.js';

/** What the bridge needs: the core to call, the one window allowed to call it, and its page check. */
export interface IpcBridgeOptions {
  readonly core: Pick<Core, 'call' | 'onEvents'>;
  readonly window: BrowserWindow;
  /** True for the app's own page (see `isAppUrl` in window.ts). */
  readonly isTrustedUrl: (url: string) => boolean;
  /** Told about refused requests, for the log. */
  readonly onRefused?: (channel: string, url: string) => void;
}

/**
 * True when the message comes from the main frame of our window showing our page; a
 * sub-frame, another window or a page navigated elsewhere gets nothing.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow, isTrustedUrl: (url: string) => boolean): boolean {
  if (window.isDestroyed() || event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  // senderFrame is null once the frame has navigated away or been destroyed.
  return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
}

/**
 * Registers the command handlers and the event forwarding; returns a function that removes
 * both (used when the core is replaced and at shutdown).
 */
export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  const { core, window, isTrustedUrl } = options;
  const channels = commandNames.map((name) => {
    const channel = commandChannel(name);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, window, isTrustedUrl)) {
        options.onRefused?.(channel, event.senderFrame?.url ?? '');
        return fail('UNAUTHORIZED', `${channel} refused: not sent by the app window`);
      }
      // core.call never throws; the catch keeps a future bug from turning into a bare IPC rejection.
      return core.call(name, payload).catch((err: unknown) => ({ ok: false, error: toAppErrorData(err) }) as const);
    });
    return channel;
  });

  const unsubscribe = core.onEvents((batch) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    // Only our page hears the events, even if something slipped past the navigation guard.
    if (!isTrustedUrl(window.webContents.getURL())) return;
    window.webContents.send(EVENTS_CHANNEL, batch);
  });

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    unsubscribe();
  };
}
