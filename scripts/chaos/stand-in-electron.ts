/**
 * The part of the `electron` module the IPC glue (main/electron/ipc-bridge.ts) uses, for the
 * chaos child, which runs without the Electron binary. The glue's `ipcMain.handle` lands here,
 * and `ipcMain.invoke` reaches a handler as the renderer's `ipcRenderer.invoke` does: from the
 * window's main frame, the request and the answer each through a structured clone (what IPC
 * carries), a handler that throws becoming a rejection. The tests' double,
 * main/electron/test-support/fake-electron.ts, needs vitest, which a plain child cannot load.
 */
type InvokeHandler = (event: unknown, payload: unknown) => unknown;

let nextWebContentsId = 1;

/** The window's page: the app's own, in its main frame; batches pushed to it are cloned and dropped. */
class StandInWebContents {
  readonly id = nextWebContentsId++;
  readonly mainFrame: { readonly parent: null; readonly url: string };

  constructor(readonly url: string) {
    this.mainFrame = { parent: null, url };
  }

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return false;
  }

  /** Electron clones what it sends: a batch that cannot cross IPC throws here as it would there. */
  send(_channel: string, batch: unknown): void {
    structuredClone(batch);
  }
}

/** The app window showing `url`; it lives as long as the process. */
export class StandInWindow {
  readonly webContents: StandInWebContents;

  constructor(url: string) {
    this.webContents = new StandInWebContents(url);
  }

  isDestroyed(): boolean {
    return false;
  }
}

class StandInIpcMain {
  private readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    // Electron refuses a second handler on one channel; so does this.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** `ipcRenderer.invoke(channel, payload)` from the main frame of `window`. */
  async invoke(channel: string, window: StandInWindow, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const { webContents } = window;
    const answer = await handler({ sender: webContents, senderFrame: webContents.mainFrame }, structuredClone(payload));
    return structuredClone(answer);
  }
}

export const ipcMain = new StandInIpcMain();
