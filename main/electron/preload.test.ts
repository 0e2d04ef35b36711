import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PREFIX, commandChannel, commandNames, EVENTS_CHANNEL } from '../../shared/ipc/command-names.js';
import { contextBridge, fakeEvent, ipcRenderer } from './test-support/fake-electron.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

type ExposedApi = Record<string, (...args: unknown[]) => unknown>;
let api: ExposedApi;

beforeAll(async () => {
  await import('./preload.js');
  api = contextBridge.exposed.get('daq') as ExposedApi;
});

describe('preload', () => {
  it('exposes one object, as window.daq, once', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect([...contextBridge.exposed.keys()]).toEqual(['daq']);
  });

  it('exposes exactly one function per command plus onEvents, frozen, with no getters', () => {
    expect(Object.keys(api).sort()).toEqual([...commandNames, 'onEvents'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(api))) {
      expect(typeof descriptor.value, key).toBe('function');
      expect(descriptor.get, key).toBeUndefined();
    }
  });

  it('invokes each command on its derived channel with the request as given', async () => {
    for (const name of commandNames) {
      const request = { probe: name };
      ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: name });
      await expect(api[name]?.(request)).resolves.toEqual({ ok: true, value: name });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(commandChannel(name), request);
      expect(commandChannel(name).startsWith(CHANNEL_PREFIX)).toBe(true);
    }
  });

  it('turns a rejected invoke into an UNAVAILABLE Result', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'daq:app:GetAppState'"));
    await expect(api.GetAppState?.({})).resolves.toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: "No handler registered for 'daq:app:GetAppState'" },
    });
  });

  it('delivers event batches, without the IPC event object, until unsubscribed', () => {
    const listener = vi.fn();
    const unsubscribe = api.onEvents?.(listener) as () => void;
    expect(ipcRenderer.listenerCount(EVENTS_CHANNEL)).toBe(1);
    const batch = { seq: 7, events: [] };
    ipcRenderer.emit(EVENTS_CHANNEL, fakeEvent({ sender: ipcRenderer }), batch);
    expect(listener.mock.calls).toEqual([[batch]]);
    unsubscribe();
    expect(ipcRenderer.listenerCount(EVENTS_CHANNEL)).toBe(0);
    ipcRenderer.emit(EVENTS_CHANNEL, fakeEvent(), { seq: 8, events: [] });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('keeps separate subscriptions independent', () => {
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.onEvents?.(first) as () => void;
    const offSecond = api.onEvents?.(second) as () => void;
    offFirst();
    ipcRenderer.emit(EVENTS_CHANNEL, fakeEvent(), { seq: 1, events: [] });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
    offSecond();
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onEvents?.('not a function')).toThrow(TypeError);
  });

  it('imports only electron and the zod-free command list, so the sandboxed bundle stays small', async () => {
    const source = await readFile(resolve(import.meta.dirname, 'preload.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['electron', '../../shared/ipc/command-names.js']);
    expect(source).not.toMatch(/\brequire\(|import\(/);
    // What the preload bundles from shared/ must itself pull in nothing (zod above all).
    const names = await readFile(resolve(import.meta.dirname, '../../shared/ipc/command-names.ts'), 'utf8');
    expect(names).not.toMatch(/^import /m);
  });
});
