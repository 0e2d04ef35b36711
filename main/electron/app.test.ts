/**
 * The composition root loaded as Electron would load it, with the fake electron module and a
 * real core on temp copies of the shipped config.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandChannel, commandNames, EVENTS_CHANNEL } from '../../shared/ipc/command-names.js';
import { app, BrowserWindow, dialog, fakeEvent, ipcMain, Menu, session } from './test-support/fake-electron.js';
import { secureWebPreferences } from './window.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

let root: string;
let appPath: string;
let userData: string;
let window: BrowserWindow;
const savedArgv = process.argv;
const output: string[] = [];

function call(name: (typeof commandNames)[number], payload: unknown = {}): Promise<any> {
  return ipcMain.invoke(commandChannel(name), { webContents: window.webContents }, payload);
}

function fileMenuOpen(): MenuItemConstructorOptions {
  const template = Menu.buildFromTemplate.mock.calls.at(-1)?.[0] as MenuItemConstructorOptions[];
  const file = template.find((item) => item.label === '&File')?.submenu as MenuItemConstructorOptions[];
  return file[0] as MenuItemConstructorOptions;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'electron-app-'));
  appPath = join(root, 'app');
  userData = join(root, 'user-data');
  await mkdir(join(appPath, 'config'), { recursive: true });
  await copyFile(resolve(import.meta.dirname, '../../config/default.toml'), join(appPath, 'config', 'default.toml'));
  app.appPath = appPath;
  app.paths.set('userData', userData);
  process.argv = ['electron', '.'];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => output.push(String(chunk)) > 0);
  }
  await import('./app.js');
  await vi.waitFor(() => expect(BrowserWindow.instances[0]?.loadFile).toHaveBeenCalled());
  window = BrowserWindow.instances[0] as BrowserWindow;
});

afterAll(async () => {
  process.argv = savedArgv;
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

describe('app startup', () => {
  it('takes the single-instance lock and hardens the session before any page loads', () => {
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
  });

  it('opens one hardened window on the built preload and renderer', () => {
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.options.webPreferences).toEqual(secureWebPreferences(join(appPath, 'out', 'preload', 'preload.cjs')));
    expect(window.loadFile).toHaveBeenCalledWith(join(appPath, 'out', 'renderer', 'index.html'));
  });

  it('registers every command handler before the page loads', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
    const lastHandle = Math.max(...ipcMain.handle.mock.invocationCallOrder);
    expect(lastHandle).toBeLessThan(window.loadFile.mock.invocationCallOrder[0] ?? 0);
  });

  it('runs the core on the app folder config in development and logs to the terminal', async () => {
    const settings = await call('GetSettings');
    expect(settings).toMatchObject({ ok: true, value: { configPath: join(appPath, 'config', 'default.toml') } });
    const state = await call('GetAppState');
    expect(state.value.config.status).toBe('ok');
    expect(output.join('')).toContain('(app-folder)');
    expect(output.join('')).toMatch(/\[config\] loaded .*default\.toml/);
  });

  it('answers bad payloads with VALIDATION and pushes event batches to the window', async () => {
    expect(await call('StartModule', { id: 7 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await vi.waitFor(() => expect(window.webContents.send).toHaveBeenCalledWith(EVENTS_CHANNEL, expect.objectContaining({ seq: expect.any(Number) })));
  });

  it('installs the menu with the development View menu', () => {
    const template = Menu.buildFromTemplate.mock.calls.at(-1)?.[0] as MenuItemConstructorOptions[];
    expect(template.map((item) => item.label ?? item.role)).toEqual(['&File', 'editMenu', '&View']);
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });

  it('focuses the existing window when a second instance starts', () => {
    window.minimized = true;
    app.emit('second-instance', fakeEvent(), ['electron', '.'], root);
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
});

describe('File → Open…', () => {
  it('does nothing when the dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    (fileMenuOpen().click as () => void)();
    await vi.waitFor(() => expect(dialog.showOpenDialog).toHaveBeenCalledOnce());
    expect(window.webContents.reload).not.toHaveBeenCalled();
  });

  it('switches to an invalid config without crashing, remembers it and reloads the page', async () => {
    const broken = join(root, 'broken.toml');
    await writeFile(broken, '[instruments.meter]\ntype = "mock"\nsample_rate_hz = "fast"\n');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [broken] });
    (fileMenuOpen().click as () => void)();
    await vi.waitFor(() => expect(window.webContents.reload).toHaveBeenCalledOnce());

    expect(dialog.showOpenDialog.mock.calls.at(-1)?.[1]).toMatchObject({ defaultPath: join(appPath, 'config') });
    expect(JSON.parse(await readFile(join(userData, 'settings.json'), 'utf8'))).toEqual({ configPath: broken });
    expect(ipcMain.handlers.size).toBe(commandNames.length);
    const state = await call('GetAppState');
    expect(state).toMatchObject({ ok: true, value: { config: { configPath: broken, status: 'invalid' } } });
    expect(state.value.config.issues.length).toBeGreaterThan(0);
    expect(await call('ListInstruments')).toMatchObject({ ok: true, value: { instruments: [] } });
  });
});

describe('quitting', () => {
  it('quits when the window closes, after stopping the core and removing the handlers', async () => {
    window.destroy();
    app.emit('window-all-closed');
    await vi.waitFor(() => expect(app.quit.mock.calls.length).toBeGreaterThanOrEqual(2));
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('lets the second before-quit through once the core is stopped', () => {
    const event = fakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(false);
  });
});
