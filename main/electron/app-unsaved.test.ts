/**
 * Quitting while changes are kept in memory that the config file does not have: the person is
 * asked; Cancel keeps the app running, "Try saving again" writes them once the file can take
 * them, and only then does the app stop and quit.
 */
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandChannel, type CommandName } from '../../shared/ipc/command-names.js';
import { app, BrowserWindow, dialog, fakeEvent, ipcMain } from './test-support/fake-electron.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

let root: string;
let configPath: string;
let window: BrowserWindow;
const savedArgv = process.argv;

function call(name: CommandName, payload: unknown = {}): Promise<any> {
  return ipcMain.invoke(commandChannel(name), { webContents: window.webContents }, payload);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'electron-unsaved-'));
  await mkdir(join(root, 'app', 'config'), { recursive: true });
  configPath = join(root, 'bench.toml');
  await copyFile(resolve(import.meta.dirname, '../core/actor/fixtures/mock-bench.toml'), configPath);
  app.appPath = join(root, 'app');
  app.paths.set('userData', join(root, 'user-data'));
  process.argv = ['electron', '.', `--config=${configPath}`];
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await import('./app.js');
  await vi.waitFor(() => expect(BrowserWindow.instances[0]?.loadFile).toHaveBeenCalled());
  window = BrowserWindow.instances[0] as BrowserWindow;
  await vi.waitFor(async () => expect((await call('GetAppState')).ok).toBe(true));
});

afterAll(async () => {
  process.argv = savedArgv;
  vi.restoreAllMocks();
  await chmod(configPath, 0o644).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

describe('quitting with changes not saved to file', () => {
  it('asks; Cancel keeps the app and the change', async () => {
    await chmod(configPath, 0o444);
    const r = await call('UpdateInstrumentParameter', { id: 'pm_sample', param: 'amplitude', value: 4 });
    expect(r).toMatchObject({ ok: true, value: { persisted: false } });
    dialog.showMessageBox.mockResolvedValueOnce({ response: 2, checkboxChecked: false });
    const event = fakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalledOnce());
    const options = dialog.showMessageBox.mock.calls[0]?.[1] as { message: string; buttons: string[] };
    expect(options.message).toBe('1 change is not saved to the config file.');
    expect(options.buttons).toEqual(['Try saving again', 'Quit without saving', 'Cancel']);
    // The answer is acted on in promise callbacks alone up to the moment a quit would unwire
    // IPC, so once the dialog has answered and the microtasks after it have run (one turn of
    // the event loop, not a length of time), a quit would have begun: it has not.
    await dialog.showMessageBox.mock.results[0]?.value;
    await new Promise((r2) => setImmediate(r2));
    expect(ipcMain.handlers.size).toBeGreaterThan(0);
    expect(app.quit).not.toHaveBeenCalled();
    expect((await call('GetAppState')).value.persistence.pending).toBe(1);
  });

  it('"Try saving again" writes the change once the file is writable, then stops and quits', async () => {
    await chmod(configPath, 0o644);
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    app.emit('before-quit', fakeEvent());
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(await readFile(configPath, 'utf8')).toMatch(/amplitude = 4\.0\b/);
    expect(ipcMain.handlers.size).toBe(0);
  });
});
