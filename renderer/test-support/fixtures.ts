/** Small builders of contract data for renderer tests. */
import type { EventBatch } from '../../shared/ipc/contract.js';
import type { AppState, InstrumentView, LogEntry, ModuleView, Reading, ReloadStatus } from '../../shared/model/runtime.js';
import type { TransactionView } from '../../shared/model/transactions.js';

/** A running mock instrument view, overridable field by field. */
export function instrumentView(id: string, overrides: Partial<InstrumentView> = {}): InstrumentView {
  return {
    id,
    type: 'mock',
    name: `Instrument ${id}`,
    status: 'running',
    config: { type: 'mock', sample_rate_hz: 10 },
    capabilities: [],
    channels: [{ name: 'sine_wave', unit: 'V' }],
    usedBy: [],
    ...overrides,
  };
}

/** An idle power-monitor module view. */
export function moduleView(id: string, overrides: Partial<ModuleView> = {}): ModuleView {
  return { id, type: 'power_meter', state: 'idle', roles: { power_meter: null }, params: {}, stats: {}, ...overrides };
}

/** A log line. */
export function logEntry(message: string, level: LogEntry['level'] = 'info'): LogEntry {
  return { level, message, source: 'core', time: '2026-01-01T10:00:00.000Z' };
}

/** A reading of `<id>:<channel>`. */
export function reading(channel: string, value: number, timestamp = 1000): Reading {
  return { channel, value, unit: 'V', timestamp };
}

/** A snapshot with the given seq and content. */
export function appState(seq: number, overrides: Partial<AppState> = {}): AppState {
  return {
    seq,
    config: { configPath: '/lab/daq.toml', status: 'ok', issues: [] },
    instruments: [],
    modules: [],
    log: [],
    persistence: { pending: 0 },
    reload: null,
    ...overrides,
  };
}

/** A batch with the given seq. */
export function batch(seq: number, events: EventBatch['events']): EventBatch {
  return { seq, events };
}

/** A reload status with the given outcome, overridable field by field. */
export function reloadStatus(outcome: ReloadStatus['outcome'], overrides: Partial<ReloadStatus> = {}): ReloadStatus {
  return { time: '2026-01-01T10:00:00.000Z', source: 'file', outcome, summary: 'no changes to apply', changes: [], issues: [], ...overrides };
}

/** An open change set with nothing staged, overridable field by field. */
export function changeSet(transactionId: string, overrides: Partial<TransactionView> = {}): TransactionView {
  return {
    transactionId,
    state: 'open',
    operations: [],
    baseRevision: 'abc',
    createdAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-01T10:05:00.000Z',
    validation: null,
    ...overrides,
  };
}
