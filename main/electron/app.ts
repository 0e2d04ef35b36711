/**
 * The Electron entry point and composition root: one instance per user, then config path →
 * core → window → IPC → menu. Everything here is wiring; the behaviour lives in the core and
 * in the small glue modules beside this file.
 */
import { dirname, join } from 'node:path';
import { app, session, type BrowserWindow } from 'electron';
import { createCore, rememberConfigPath, resolveConfigPath } from '../core/index.js';
import type { LogEntry } from '../../shared/model/runtime.js';
import { createCoreHost, type CoreHost } from './core-host.js';
import { chooseConfigFile, confirmQuitWithUnsaved } from './dialogs.js';
import { installApplicationMenu } from './menu.js';
import { appFiles, createMainWindow, hardenSession, isAppUrl, loadApp } from './window.js';

type Level = 'info' | 'warn' | 'error';

/** One line per log entry on the terminal; errors and warnings on stderr. */
function logToTerminal(entry: LogEntry): void {
  const line = `${entry.time} ${entry.level.padEnd(5)} [${entry.source}] ${entry.message}\n`;
  (entry.level === 'error' || entry.level === 'warn' ? process.stderr : process.stdout).write(line);
}

function log(level: Level, message: string): void {
  logToTerminal({ time: new Date().toISOString(), level, source: 'app', message });
}

/** The shipped config: in the app folder in development, in resources/ when packaged (extraResources). */
function shippedDefaultPath(): string {
  const base = app.isPackaged ? process.resourcesPath : app.getAppPath();
  return join(base, 'config', 'default.toml');
}

async function startApp(): Promise<void> {
  await app.whenReady();
  const userDataDir = app.getPath('userData');
  const location = await resolveConfigPath({
    argv: process.argv,
    isPackaged: app.isPackaged,
    userDataDir,
    shippedDefaultPath: shippedDefaultPath(),
    cwd: process.cwd(),
  });
  for (const note of location.notes) log('warn', note);
  log('info', `config ${location.path} (${location.source})`);

  const files = appFiles(app.getAppPath());
  hardenSession(session.defaultSession);
  const window = createMainWindow(files);
  const host = createCoreHost({
    createCore: (configPath) => createCore({ configPath, logSink: logToTerminal }),
    window,
    isTrustedUrl: (url) => isAppUrl(url, files.indexHtml),
    log,
  });
  wireLifecycle(host, window);
  await host.open(location.path);
  await loadApp(window, files);

  installApplicationMenu({
    isPackaged: app.isPackaged,
    platform: process.platform,
    onOpenConfig: () => void openChosenConfig(host, window, userDataDir),
  });
}

/** File → Open…: pick a file, switch the core to it, remember it, and reload the page. */
async function openChosenConfig(host: CoreHost, window: BrowserWindow, userDataDir: string): Promise<void> {
  try {
    const current = host.current?.configPath;
    const chosen = await chooseConfigFile(window, current === undefined ? undefined : dirname(current));
    if (chosen === undefined) return;
    // Switching files stops this core: the same question as quitting about unsaved changes.
    if (!(await confirmQuitWithUnsaved(window, host.current, 'Switch without saving'))) return;
    log('info', `opening ${chosen}`);
    await host.open(chosen);
    await rememberConfigPath(userDataDir, chosen).catch((err: unknown) => log('warn', `cannot remember ${chosen}: ${String(err)}`));
    // The page holds state of the old core; a fresh load takes a fresh snapshot.
    if (!window.isDestroyed()) window.webContents.reload();
  } catch (err) {
    log('error', `opening a config failed: ${String(err)}`);
  }
}

function wireLifecycle(host: CoreHost, window: BrowserWindow): void {
  let stopped = false;
  let asking = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Quit waits for the person to decide about unsaved changes, then for the instruments to
    // stop (ports closed, lasers left safe), then quits for real.
    event.preventDefault();
    if (asking) return;
    asking = true;
    void confirmQuitWithUnsaved(window, host.current)
      .catch(() => true)
      .then((quit) => {
        asking = false;
        if (!quit) return;
        stopped = true;
        void host.close().finally(() => app.quit());
      });
  });
  // The core drives hardware: no window means nobody watching it, so quit on every platform.
  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
}

// A second instance would open the same serial ports and fight over the same config file.
if (app.requestSingleInstanceLock()) {
  startApp().catch((err: unknown) => {
    log('error', `startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    app.exit(1);
  });
} else {
  app.quit();
}
