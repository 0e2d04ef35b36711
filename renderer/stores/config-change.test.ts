import { describe, expect, it } from 'vitest';
import type { DaqEvent } from '../../shared/ipc/contract.js';
import { changeSet, instrumentView, logEntry, moduleView, reading, reloadStatus } from '../test-support/fixtures.js';
import { changesConfiguration } from './config-change.js';

const instruments = { a: instrumentView('a') };
const modules = { m: moduleView('m', { roles: { power_meter: 'a' }, stats: { excursions: 1 } }) };
const changes = (...events: DaqEvent[]) => changesConfiguration(events, instruments, modules);

describe('changesConfiguration', () => {
  it('ignores readings, log lines, and status or live figures that leave the configuration as it was', () => {
    expect(changes({ type: 'instruments:readings', readings: [reading('a:sine_wave', 1)] }, { type: 'app:log', entry: logEntry('hi') })).toBe(false);
    expect(changes({ type: 'instruments:instrument-changed', instrument: instrumentView('a', { status: 'error', statusReason: 'unplugged' }) })).toBe(false);
    expect(changes({ type: 'modules:module-changed', module: { ...modules.m, state: 'running', stats: { excursions: 7 } } })).toBe(false);
    expect(changes({ type: 'transactions:transaction-changed', transaction: changeSet('t1') })).toBe(false);
  });

  it('counts a retuned, added or removed instrument', () => {
    expect(changes({ type: 'instruments:instrument-changed', instrument: instrumentView('a', { config: { type: 'mock', sample_rate_hz: 4 } }) })).toBe(true);
    expect(changes({ type: 'instruments:instrument-changed', instrument: instrumentView('b') })).toBe(true);
    expect(changes({ type: 'instruments:instrument-removed', id: 'a' })).toBe(true);
  });

  it('counts a module whose roles or parameters changed, and added or removed modules', () => {
    expect(changes({ type: 'modules:module-changed', module: { ...modules.m, roles: { power_meter: null } } })).toBe(true);
    expect(changes({ type: 'modules:module-changed', module: { ...modules.m, params: { threshold: 2 } } })).toBe(true);
    expect(changes({ type: 'modules:module-changed', module: moduleView('new') })).toBe(true);
    expect(changes({ type: 'modules:module-removed', id: 'm' })).toBe(true);
  });

  it('counts file-level news: a write, a reload, another file, a commit or its rollback', () => {
    expect(changes({ type: 'persistence:status-changed', persistence: { pending: 0 } })).toBe(true);
    expect(changes({ type: 'hot-reload:status-changed', reload: reloadStatus('applied') })).toBe(true);
    expect(changes({ type: 'app:config-status-changed', config: { configPath: '/lab/b.toml', status: 'ok', issues: [] } })).toBe(true);
    for (const state of ['confirming', 'committed', 'rolled-back'] as const) {
      expect(changes({ type: 'transactions:transaction-changed', transaction: changeSet('t1', { state }) })).toBe(true);
    }
    expect(changes({ type: 'transactions:transaction-changed', transaction: changeSet('t1', { state: 'discarded' }) })).toBe(false);
  });
});
