import { describe, expect, it, vi } from 'vitest';
import type { DaqApi } from '../../shared/ipc/contract.js';
import { createIpcTransport } from './transport-ipc.js';
import { createClient } from './client.js';
import { appState } from '../test-support/fixtures.js';

function fakeDaq(overrides: Record<string, unknown>): DaqApi {
  return { onEvents: () => () => undefined, ...overrides } as unknown as DaqApi;
}

describe('createIpcTransport', () => {
  it('passes calls and results through unchanged', async () => {
    const GetAppState = vi.fn(async () => ({ ok: true as const, value: appState(2) }));
    const client = createIpcTransport(fakeDaq({ GetAppState }));
    await expect(client.api.GetAppState({})).resolves.toEqual({ ok: true, value: appState(2) });
    expect(GetAppState).toHaveBeenCalledWith({});
    expect(client.connectionState()).toBe('open');
  });

  it('turns a rejected IPC call into a failed Result instead of a throw', async () => {
    const client = createIpcTransport(fakeDaq({ StartModule: async () => Promise.reject(new Error('frame destroyed')) }));
    await expect(client.api.StartModule({ id: 'm' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('frame destroyed') },
    });
  });

  it('answers UNAVAILABLE for a command the shell does not offer', async () => {
    const client = createIpcTransport(fakeDaq({}));
    await expect(client.api.StopModule({ id: 'm' })).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('forwards the event subscription to window.daq', () => {
    const off = vi.fn();
    const onEvents = vi.fn(() => off);
    const client = createIpcTransport(fakeDaq({ onEvents }));
    const listener = vi.fn();
    client.api.onEvents(listener)();
    expect(onEvents).toHaveBeenCalledWith(listener);
    expect(off).toHaveBeenCalled();
  });
});

describe('createClient', () => {
  it('uses IPC when the preload exposed window.daq', () => {
    const win = { daq: fakeDaq({}), location: { protocol: 'file:', host: '', search: '' } } as unknown as Window;
    expect(createClient(win).transport).toBe('ipc');
  });
});
