/**
 * A stand-in for the `electron` module in glue tests: the Electron binary cannot run on our
 * build machines, so tests load the glue with `vi.mock('electron', () => import('./test-support/fake-electron.js'))`
 * and inspect what it recorded here. Only what the glue uses is faked.
 */
import { vi } from 'vitest';

type Listener = (...args: any[]) => unknown;

/** A minimal event emitter that also lets a test fire events by hand. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An event object like the ones Electron passes to `will-navigate` and friends. */
export function fakeEvent(fields: Record<string, unknown> = {}): { defaultPrevented: boolean; preventDefault: () => void } & Record<string, unknown> {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

let nextWebContentsId = 1;

/** A webContents: records sends and reloads; `navigated` sets what the main frame shows. */
export class FakeWebContents extends Emitter {
  readonly id = nextWebContentsId++;
  url = '';
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  readonly mainFrame = { parent: null, url: '' };
  readonly send = vi.fn();
  readonly reload = vi.fn();
  readonly focus = vi.fn();

  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Marks `url` as loaded in the main frame, as a finished navigation would. */
  navigated(url: string): void {
    this.url = url;
    this.mainFrame.url = url;
  }
}

/** A window that records its options and every instance made. */
export class BrowserWindow extends Emitter {
  static readonly instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly loadFile = vi.fn(async (file: string) => {
    this.webContents.navigated(new URL(`file://${file}`).href);
  });

  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.instances.push(this);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeIpcMain extends Emitter {
  readonly handlers = new Map<string, Listener>();
  readonly handle = vi.fn((channel: string, handler: Listener) => {
    // Electron refuses a second handler on a channel; re-wiring must remove the old one first.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });

  /** Calls the handler of `channel` as a message from `sender` would. */
  async invoke(channel: string, sender: { webContents: FakeWebContents; frame?: unknown }, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = sender.frame === undefined ? sender.webContents.mainFrame : sender.frame;
    return handler({ sender: sender.webContents, senderFrame }, payload);
  }
}

class FakeIpcRenderer extends Emitter {
  readonly invoke = vi.fn(async (_channel: string, _request: unknown): Promise<unknown> => ({ ok: true, value: null }));
}

class FakeApp extends Emitter {
  isPackaged = false;
  hasLock = true;
  appPath = '/app';
  readonly paths = new Map<string, string>([['userData', '/user-data']]);
  readonly quit = vi.fn(() => {
    this.emit('before-quit', fakeEvent());
  });
  readonly exit = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock);
  private readonly ready = Promise.resolve();

  whenReady(): Promise<void> {
    return this.ready;
  }

  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`no fake path for ${name}`);
    return path;
  }

  getAppPath(): string {
    return this.appPath;
  }
}

class FakeSession {
  headersListener: Listener | undefined;
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  readonly webRequest = {
    onHeadersReceived: vi.fn((listener: Listener) => {
      this.headersListener = listener;
    }),
  };
  readonly setPermissionRequestHandler = vi.fn((handler: Listener) => {
    this.permissionRequestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: Listener) => {
    this.permissionCheckHandler = handler;
  });
}

/** `app`: set `isPackaged`, `hasLock`, `appPath` and `paths` before loading the glue. */
export const app = new FakeApp();
/** `ipcMain`: keeps handlers by channel; `invoke` plays a renderer request. */
export const ipcMain = new FakeIpcMain();
/** `ipcRenderer`: `invoke` is a mock; `emit` plays a message from main. */
export const ipcRenderer = new FakeIpcRenderer();
/** `session.defaultSession`: keeps the header listener and permission handlers it was given. */
export const session = { defaultSession: new FakeSession() };
/** `contextBridge`: what was exposed, by key. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => {
    contextBridge.exposed.set(key, api);
  }),
};
/** `dialog`: the open dialog answers "cancelled" unless a test says otherwise. */
export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  /** Answers the first button unless a test says otherwise. */
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
};
/** `Menu`: a built menu is just its template. */
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};
/** `shell`: present so nothing in the glue can reach the real one. */
export const shell = { openExternal: vi.fn(async () => undefined) };

/** The default export, for `import electron from 'electron'`. */
export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, dialog, Menu, session, shell };
