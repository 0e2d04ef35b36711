import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type BatchListener, type Core } from '../core/index.js';
import type { Result } from '../../shared/errors.js';
import { commandChannel, commandNames, EVENTS_CHANNEL } from '../../shared/ipc/command-names.js';
import { BrowserWindow, ipcMain, type FakeWebContents } from './test-support/fake-electron.js';
import { isTrustedSender, registerIpcBridge } from './ipc-bridge.js';
import { isAppUrl } from './window.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

const indexHtml = '/opt/daq/out/renderer/index.html';
const appUrl = pathToFileURL(indexHtml).href;
const isTrustedUrl = (url: string): boolean => isAppUrl(url, indexHtml);

/** A core that records calls and lets the test push event batches. */
function fakeCore() {
  const listeners = new Set<BatchListener>();
  return {
    listeners,
    call: vi.fn(async (name: unknown, payload: unknown): Promise<Result<unknown>> => ({ ok: true, value: { name, payload } })),
    onEvents: vi.fn((listener: BatchListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    push(seq: number) {
      for (const listener of listeners) listener({ seq, events: [] });
    },
  };
}

function appWindow(): BrowserWindow {
  const window = new BrowserWindow({});
  window.webContents.navigated(appUrl);
  return window;
}

function bridge(core: Pick<Core, 'call' | 'onEvents'>, window: BrowserWindow, onRefused?: (channel: string, url: string) => void) {
  return registerIpcBridge({ core, window: window as never, isTrustedUrl, ...(onRefused ? { onRefused } : {}) });
}

let dispose: (() => void) | undefined;

afterEach(() => {
  dispose?.();
  dispose = undefined;
  ipcMain.handlers.clear();
  vi.clearAllMocks();
});

describe('registerIpcBridge with a fake core', () => {
  it('registers exactly one handler per command, on the derived channel', () => {
    dispose = bridge(fakeCore(), appWindow());
    expect([...ipcMain.handlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
    for (const name of commandNames) expect(commandChannel(name)).toMatch(new RegExp(`^daq:[a-z-]+:${name}$`));
  });

  it("answers a trusted sender with the core's Result for the command of that channel", async () => {
    const core = fakeCore();
    const window = appWindow();
    dispose = bridge(core, window);
    for (const name of commandNames) {
      const answer = await ipcMain.invoke(commandChannel(name), { webContents: window.webContents }, { probe: name });
      expect(answer).toEqual({ ok: true, value: { name, payload: { probe: name } } });
    }
    expect(core.call).toHaveBeenCalledTimes(commandNames.length);
  });

  it('hands the payload over untouched, even when it is junk, for the core to judge', async () => {
    const core = fakeCore();
    const window = appWindow();
    dispose = bridge(core, window);
    for (const payload of [undefined, null, 'text', 42, [1, 2], { __proto__: { admin: true } }]) {
      await ipcMain.invoke(commandChannel('ListInstruments'), { webContents: window.webContents }, payload);
      expect(core.call).toHaveBeenLastCalledWith('ListInstruments', payload);
    }
  });

  const refusals: [string, (window: BrowserWindow) => { webContents: FakeWebContents; frame?: unknown }][] = [
    ['another webContents', () => ({ webContents: appWindow().webContents })],
    ['a sub-frame', (w) => ({ webContents: w.webContents, frame: { parent: w.webContents.mainFrame, url: appUrl } })],
    ['a frame already gone (senderFrame null)', (w) => ({ webContents: w.webContents, frame: null })],
    ['our window showing another page', (w) => ({ webContents: w.webContents, frame: { parent: null, url: 'https://example.org/' } })],
    ['our window showing another local file', (w) => ({ webContents: w.webContents, frame: { parent: null, url: 'file:///tmp/evil.html' } })],
  ];

  it.each(refusals)('answers UNAUTHORIZED to %s and never calls the core', async (_label, sender) => {
    const core = fakeCore();
    const window = appWindow();
    const onRefused = vi.fn();
    dispose = bridge(core, window, onRefused);
    const answer = await ipcMain.invoke(commandChannel('StartModule'), sender(window), { id: 'pol_scan' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(core.call).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledWith(commandChannel('StartModule'), expect.any(String));
  });

  it('refuses everything once the window is destroyed', async () => {
    const core = fakeCore();
    const window = appWindow();
    dispose = bridge(core, window);
    const contents = window.webContents;
    window.destroy();
    const answer = await ipcMain.invoke(commandChannel('GetAppState'), { webContents: contents }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('turns a core that rejects (a bug) into an INTERNAL Result instead of an IPC rejection', async () => {
    const core = fakeCore();
    core.call.mockRejectedValueOnce(new Error('boom'));
    const window = appWindow();
    dispose = bridge(core, window);
    const answer = await ipcMain.invoke(commandChannel('GetAppState'), { webContents: window.webContents }, {});
    expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('forwards event batches to the window on the events channel', () => {
    const core = fakeCore();
    const window = appWindow();
    dispose = bridge(core, window);
    core.push(1);
    core.push(2);
    expect(window.webContents.send.mock.calls).toEqual([
      [EVENTS_CHANNEL, { seq: 1, events: [] }],
      [EVENTS_CHANNEL, { seq: 2, events: [] }],
    ]);
  });

  it('skips destroyed windows and pages that are not the app', () => {
    const core = fakeCore();
    const window = appWindow();
    dispose = bridge(core, window);
    window.webContents.navigated('https://example.org/');
    core.push(1);
    window.webContents.navigated(appUrl);
    window.webContents.destroyed = true;
    expect(() => core.push(2)).not.toThrow();
    window.destroy();
    core.push(3);
    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('dispose removes every handler and the event subscription, so the bridge can be wired again', () => {
    const core = fakeCore();
    const window = appWindow();
    const first = bridge(core, window);
    first();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(commandNames.length);
    expect(core.listeners.size).toBe(0);
    core.push(1);
    expect(window.webContents.send).not.toHaveBeenCalled();
    dispose = bridge(core, window);
    expect(ipcMain.handlers.size).toBe(commandNames.length);
  });
});

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our page', () => {
    const window = appWindow();
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(isTrustedSender(event as never, window as never, isTrustedUrl)).toBe(true);
  });
});

describe('registerIpcBridge with the real core', () => {
  let dir: string;
  let core: Core;
  let window: BrowserWindow;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipc-bridge-'));
    const configPath = join(dir, 'default.toml');
    await copyFile(resolve(import.meta.dirname, '../../config/default.toml'), configPath);
    core = createCore({ configPath, readingsIntervalMs: 20 });
    window = appWindow();
    dispose = bridge(core, window);
    await core.start();
  });

  afterEach(async () => {
    await core.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (name: (typeof commandNames)[number], payload: unknown) =>
    ipcMain.invoke(commandChannel(name), { webContents: window.webContents }, payload) as Promise<Result<unknown>>;

  it('answers an invalid payload with a VALIDATION error listing the issue paths', async () => {
    const answer = await send('UpdateInstrumentParameter', { id: 'pm_sample', param: 'amplitude', value: 1, extra: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const wrongType = await send('StartModule', { id: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'id' })] } } });
    expect(await send('ListModules', 'not an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers a valid request with the core result', async () => {
    const answer = await send('GetSettings', {});
    expect(answer).toMatchObject({ ok: true, value: { configPath: join(dir, 'default.toml') } });
    const missing = await send('StartModule', { id: 'no_such_module' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('pushes the core event batches to the window, in seq order', async () => {
    await vi.waitFor(() => expect(window.webContents.send.mock.calls.length).toBeGreaterThan(1));
    const seqs = window.webContents.send.mock.calls.map(([channel, batch]) => {
      expect(channel).toBe(EVENTS_CHANNEL);
      return (batch as { seq: number }).seq;
    });
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
