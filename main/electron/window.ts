/**
 * The main window, hardened: sandboxed renderer with context isolation and no Node, a strict
 * Content-Security-Policy, no navigation away from the app, no pop-ups, no webviews and no
 * permissions. The renderer only reaches main through the `window.daq` bridge.
 */
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, type Session, type WebPreferences } from 'electron';

/** Where the built bundles live, relative to the app folder (electron-vite output). */
export interface AppFiles {
  readonly preload: string;
  readonly indexHtml: string;
}

/** Paths of the built preload and renderer inside `appPath` (the repo in development, app.asar when packaged). */
export function appFiles(appPath: string): AppFiles {
  return {
    preload: join(appPath, 'out', 'preload', 'preload.cjs'),
    indexHtml: join(appPath, 'out', 'renderer', 'index.html'),
  };
}

/** The policy added to every response the app loads; the renderer needs nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "connect-src 'self'",
].join('; ');

/** The renderer's web preferences: everything that widens what a page can do is off. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Dropping a file on the window would otherwise navigate to it.
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Whether `url` is the app's own page: a file URL of exactly `indexHtml` (any hash or query).
 *
 * All file URLs share one origin, so comparing the path is what tells our page apart from
 * any other local file.
 */
export function isAppUrl(url: string, indexHtml: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  parsed.hash = '';
  parsed.search = '';
  try {
    return normalize(fileURLToPath(parsed)) === normalize(indexHtml);
  } catch {
    return false;
  }
}

/** Adds the CSP header to every response and refuses every permission request and check. */
export function hardenSession(target: Session): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // The app needs no camera, notifications, clipboard reads or the like; deny rather than prompt.
  target.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/**
 * Creates the main window (hidden until its first paint) with navigation, pop-ups and webviews
 * refused. It loads nothing yet: the caller wires IPC first, then calls {@link loadApp}.
 */
export function createMainWindow(files: AppFiles): BrowserWindow {
  const window = new BrowserWindow({
    title: 'DAQ Studio',
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    webPreferences: secureWebPreferences(files.preload),
  });
  const contents = window.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, files.indexHtml)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  return window;
}

/** Loads the renderer build into the window. */
export async function loadApp(window: BrowserWindow, files: AppFiles): Promise<void> {
  await window.loadFile(files.indexHtml);
}
