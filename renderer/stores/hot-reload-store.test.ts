import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigIssue } from '../../shared/errors.js';
import { applyBatch, applySnapshot } from '../bridge/subscriptions.js';
import { fakeApi } from '../test-support/fake-api.js';
import { appState, instrumentView, reloadStatus } from '../test-support/fixtures.js';
import { resetStores } from '../test-support/reset-stores.js';
import { selectReloadNotice, selectReloadProblem, useHotReloadStore } from './hot-reload-store.js';
import { useInstrumentsStore } from './instruments-store.js';
import { createOperations } from './operations.js';
import { useToastsStore } from './toasts-store.js';

const issue: ConfigIssue = {
  file: '/lab/daq.toml',
  line: 31,
  column: 18,
  path: 'instruments.pm.wavelength',
  message: 'out of range (400..1700 nm)',
  severity: 'error',
};
const problem = () => selectReloadProblem(useHotReloadStore.getState());
const notice = () => selectReloadNotice(useHotReloadStore.getState());
const reloaded = (status: ReturnType<typeof reloadStatus>) => applyBatch([{ type: 'hot-reload:status-changed', reload: status }]);

beforeEach(() => resetStores());

describe('reload banners', () => {
  it('shows nothing before the core has looked at the file', () => {
    applySnapshot(appState(1));
    expect(problem()).toBeNull();
    expect(notice()).toBeNull();
  });

  it('shows the failed status with its issues, and clears it when a later look applies the file', () => {
    const failed = reloadStatus('failed', { summary: 'the edited file has 1 error(s); the running configuration is kept', issues: [issue] });
    reloaded(failed);
    expect(problem()).toBe(failed);
    expect(problem()?.issues).toEqual([issue]);
    reloaded(reloadStatus('applied', { summary: 'pm.wavelength 800 → 780' }));
    expect(problem()).toBeNull();
  });

  it('shows a missing file, and clears it when the file is back unchanged', () => {
    reloaded(reloadStatus('missing', { summary: 'config file missing: /lab/daq.toml' }));
    expect(problem()?.outcome).toBe('missing');
    expect(notice()).toBeNull();
    reloaded(reloadStatus('unchanged', { summary: 'config file is back as the app knows it; nothing to apply' }));
    expect(problem()).toBeNull();
    expect(notice()).toBe('Config file read again: config file is back as the app knows it; nothing to apply');
  });

  it('keeps a failure found at start-up (from the snapshot)', () => {
    applySnapshot(appState(2, { reload: reloadStatus('failed', { source: 'startup', issues: [issue] }) }));
    expect(problem()?.source).toBe('startup');
  });
});

describe('the reload notice', () => {
  it('says what a reload from the file changed', () => {
    reloaded(reloadStatus('applied', { summary: 'pm.wavelength 800 → 780; added cam2' }));
    expect(notice()).toBe('Reloaded from file: pm.wavelength 800 → 780; added cam2');
  });

  it('shows the start-up summary as the core wrote it, capitalised', () => {
    applySnapshot(appState(1, { reload: reloadStatus('applied', { source: 'startup', summary: 'edited while the app was closed: added cam2' }) }));
    expect(notice()).toBe('Edited while the app was closed: added cam2');
  });

  it('goes away when dismissed, and comes back with the next status', () => {
    reloaded(reloadStatus('applied', { summary: 'added cam2' }));
    useHotReloadStore.getState().noticeDismissed();
    expect(notice()).toBeNull();
    reloaded(reloadStatus('applied', { summary: 'removed cam2', time: '2026-01-01T10:01:00.000Z' }));
    expect(notice()).toBe('Reloaded from file: removed cam2');
  });

  it('stays dismissed when a snapshot after a reconnect repeats the same status', () => {
    const status = reloadStatus('applied', { summary: 'added cam2' });
    applySnapshot(appState(1, { reload: status }));
    useHotReloadStore.getState().noticeDismissed();
    applySnapshot(appState(5, { reload: { ...status } }));
    expect(notice()).toBeNull();
    applySnapshot(appState(9, { reload: reloadStatus('applied', { summary: 'removed cam2', time: '2026-01-01T11:00:00.000Z' }) }));
    expect(notice()).toBe('Reloaded from file: removed cam2');
  });

  it('is replaced by the banner when the next look fails', () => {
    reloaded(reloadStatus('applied', { summary: 'added cam2' }));
    reloaded(reloadStatus('failed', { issues: [issue] }));
    expect(notice()).toBeNull();
    expect(problem()).not.toBeNull();
  });
});

describe('a reload changes the tables through the instrument events that follow it', () => {
  it('removes and adds rows without any request from the GUI', () => {
    applySnapshot(appState(1, { instruments: [instrumentView('old'), instrumentView('kept')] }));
    applyBatch([
      { type: 'instruments:instrument-removed', id: 'old' },
      { type: 'instruments:instrument-changed', instrument: instrumentView('kept') },
      { type: 'instruments:instrument-changed', instrument: instrumentView('cam2') },
      { type: 'hot-reload:status-changed', reload: reloadStatus('applied', { summary: 'removed old; added cam2' }) },
    ]);
    expect(useInstrumentsStore.getState().ids).toEqual(['kept', 'cam2']);
    expect(notice()).toBe('Reloaded from file: removed old; added cam2');
  });
});

describe('"Reload from file"', () => {
  it('sends ReloadConfig; a failed file is a status (banner), not a toast', async () => {
    const ReloadConfig = vi.fn(async () => ({ ok: true as const, value: reloadStatus('failed', { issues: [issue] }) }));
    await createOperations(fakeApi({ ReloadConfig })).reloadFromFile();
    expect(ReloadConfig).toHaveBeenCalledWith({});
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('raises a toast when the command itself fails', async () => {
    const ops = createOperations(fakeApi({ ReloadConfig: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'busy' } }) }));
    await ops.reloadFromFile();
    expect(useToastsStore.getState().toasts).toMatchObject([{ action: 'Reload from file', code: 'UNAVAILABLE' }]);
  });
});
