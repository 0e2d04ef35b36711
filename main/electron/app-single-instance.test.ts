/** A second launch of the app: it must quit at once, before touching the config or the window. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, ipcMain, Menu } from './test-support/fake-electron.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

describe('app without the single-instance lock', () => {
  beforeAll(async () => {
    app.hasLock = false;
    vi.spyOn(app, 'whenReady');
    // Work the entry point put off to a timer must not escape the checks below: with fake
    // timers every one it set is run to the end before them, so "nothing started" is proved
    // rather than waited for. (Startup begins with a synchronous call to app.whenReady().)
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
    try {
      await import('./app.js');
      await vi.runAllTimersAsync();
    } finally {
      vi.useRealTimers();
    }
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('quits without waiting for ready, opening a window, wiring IPC or building a menu', () => {
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('ready')).toBe(0);
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(Menu.setApplicationMenu).not.toHaveBeenCalled();
  });
});
