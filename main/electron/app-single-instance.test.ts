/** A second launch of the app: it must quit at once, before touching the config or the window. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, ipcMain, Menu } from './test-support/fake-electron.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

describe('app without the single-instance lock', () => {
  beforeAll(async () => {
    app.hasLock = false;
    vi.spyOn(app, 'whenReady');
    await import('./app.js');
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('quits without waiting for ready, opening a window, wiring IPC or building a menu', async () => {
    // Give any stray startup work a chance to run before checking it did not.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(Menu.setApplicationMenu).not.toHaveBeenCalled();
  });
});
