import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchListener, Core } from '../core/index.js';
import { commandChannel, commandNames } from '../../shared/ipc/command-names.js';
import { createCoreHost, type CoreHostOptions } from './core-host.js';
import { BrowserWindow, ipcMain } from './test-support/fake-electron.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

const appUrl = pathToFileURL('/opt/daq/out/renderer/index.html').href;

/** A core that records lifecycle steps into a shared journal. */
function journalCore(configPath: string, journal: string[], overrides: Partial<Core> = {}): Core {
  const listeners = new Set<BatchListener>();
  return {
    configPath,
    start: vi.fn(async () => void journal.push(`start ${configPath}`)),
    stop: vi.fn(async () => void journal.push(`stop ${configPath}`)),
    call: vi.fn(async (name: unknown) => ({ ok: true as const, value: { configPath, name } })),
    invoke: vi.fn() as never,
    onEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  };
}

function setup(overrides: Partial<CoreHostOptions> = {}) {
  const journal: string[] = [];
  const cores: Core[] = [];
  const window = new BrowserWindow({});
  window.webContents.navigated(appUrl);
  const log = vi.fn();
  const host = createCoreHost({
    createCore: (configPath) => {
      journal.push(`create ${configPath}`);
      const core = journalCore(configPath, journal);
      cores.push(core);
      return core;
    },
    window: window as never,
    isTrustedUrl: (url) => url === appUrl,
    log,
    ...overrides,
  });
  const call = (name: (typeof commandNames)[number]) => ipcMain.invoke(commandChannel(name), { webContents: window.webContents }, {});
  return { host, journal, cores, window, log, call };
}

afterEach(() => {
  ipcMain.handlers.clear();
  vi.clearAllMocks();
});

describe('createCoreHost', () => {
  it('creates, wires and starts the core on open', async () => {
    const { host, journal, call } = setup();
    await host.open('/lab/a.toml');
    expect(journal).toEqual(['create /lab/a.toml', 'start /lab/a.toml']);
    expect(host.current?.configPath).toBe('/lab/a.toml');
    expect(ipcMain.handlers.size).toBe(commandNames.length);
    await expect(call('GetSettings')).resolves.toMatchObject({ value: { configPath: '/lab/a.toml' } });
  });

  it('stops the old core before creating the new one, then routes IPC to the new core', async () => {
    const { host, journal, call } = setup();
    await host.open('/lab/a.toml');
    await host.open('/lab/b.toml');
    expect(journal).toEqual(['create /lab/a.toml', 'start /lab/a.toml', 'stop /lab/a.toml', 'create /lab/b.toml', 'start /lab/b.toml']);
    expect(ipcMain.handlers.size).toBe(commandNames.length);
    await expect(call('GetSettings')).resolves.toMatchObject({ value: { configPath: '/lab/b.toml' } });
  });

  it('runs overlapping opens one after another', async () => {
    const { host, journal } = setup();
    await Promise.all([host.open('/lab/a.toml'), host.open('/lab/b.toml'), host.open('/lab/c.toml')]);
    expect(journal).toEqual([
      'create /lab/a.toml',
      'start /lab/a.toml',
      'stop /lab/a.toml',
      'create /lab/b.toml',
      'start /lab/b.toml',
      'stop /lab/b.toml',
      'create /lab/c.toml',
      'start /lab/c.toml',
    ]);
    expect(host.current?.configPath).toBe('/lab/c.toml');
  });

  it('close removes the handlers and stops the core', async () => {
    const { host, journal, cores } = setup();
    await host.open('/lab/a.toml');
    await host.close();
    expect(ipcMain.handlers.size).toBe(0);
    expect(cores[0]?.stop).toHaveBeenCalledOnce();
    expect(journal.at(-1)).toBe('stop /lab/a.toml');
    expect(host.current).toBeUndefined();
    await host.close();
    expect(cores[0]?.stop).toHaveBeenCalledOnce();
  });

  it('keeps IPC wired and logs when start rejects', async () => {
    const journal: string[] = [];
    const failing = journalCore('/lab/a.toml', journal, { start: vi.fn(async () => Promise.reject(new Error('driver bug'))) });
    const { host, log } = setup({ createCore: () => failing });
    await expect(host.open('/lab/a.toml')).resolves.toBeUndefined();
    expect(ipcMain.handlers.size).toBe(commandNames.length);
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('driver bug'));
  });

  it('does not wait forever for a core that never stops', async () => {
    const hanging = journalCore('/lab/a.toml', [], { stop: vi.fn(() => new Promise<void>(() => undefined)) });
    const { host, log } = setup({ createCore: () => hanging, stopTimeoutMs: 20 });
    await host.open('/lab/a.toml');
    await host.close();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('did not stop in time'));
  });

  it('logs refused IPC requests', async () => {
    const { host, log } = setup();
    await host.open('/lab/a.toml');
    const stranger = new BrowserWindow({});
    const answer = await ipcMain.invoke(commandChannel('GetAppState'), { webContents: stranger.webContents }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('refused daq:app:GetAppState'));
  });
});
