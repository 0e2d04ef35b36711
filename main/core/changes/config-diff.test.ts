/** ConfigDiff between two loaded configs, and its one-line summary. */
import { describe, expect, it } from 'vitest';
import type { DaqConfig } from '../../../shared/model/config.js';
import { loadConfigText } from '../config/index.js';
import { computeDiff, isEmptyDiff, paramChanges, summarizeDiff } from './config-diff.js';

const base = `log_level = "info"
[application]
[storage]
default_path = "data"
[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 2.0
amplitude = 1.0
[instruments.stage]
type = "esp300"
port = "/dev/ttyUSB3"
  [instruments.stage.axis1]
  velocity = 5.0
[processors]
pm = [ { type = "iir", filter_type = "Lowpass", f0 = 0.2, fs = 2.0 } ]
[modules.watch]
type = "power_meter"
low_threshold = 1e-4
[modules.watch.roles]
power_meter = "pm"
`;

function load(text: string): DaqConfig {
  const r = loadConfigText(text, 'x.toml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

describe('computeDiff', () => {
  it('is empty for the same config', () => {
    const diff = computeDiff(load(base), load(base));
    expect(isEmptyDiff(diff)).toBe(true);
    expect(summarizeDiff(diff)).toBe('no changes');
  });

  it('finds added, removed and modified instruments per parameter, nested ones too', () => {
    const after = base
      .replace('amplitude = 1.0', 'amplitude = 2.5')
      .replace('velocity = 5.0', 'velocity = 7.5')
      .replace('[instruments.stage]', '[instruments.gen]\ntype = "mock"\nsample_rate_hz = 1.0\n[instruments.stage]');
    const diff = computeDiff(load(base), load(after));
    expect(diff.addedInstruments).toEqual(['gen']);
    expect(diff.removedInstruments).toEqual([]);
    expect(diff.modifiedInstruments).toEqual([
      { id: 'pm', changes: [{ param: 'amplitude', before: 1, after: 2.5 }] },
      { id: 'stage', changes: [{ param: 'axis1.velocity', before: 5, after: 7.5 }] },
    ]);
    expect(summarizeDiff(diff)).toBe('pm.amplitude 1 → 2.5; stage.axis1.velocity 5 → 7.5; added gen');
  });

  it('finds removed instruments, module role and parameter changes, processors and settings', () => {
    const after = base
      .replace('log_level = "info"', 'log_level = "debug"')
      .replace(/\[instruments\.stage\][\s\S]*?velocity = 5\.0\n/, '')
      .replace('low_threshold = 1e-4', 'low_threshold = 2e-4')
      .replace('f0 = 0.2', 'f0 = 0.5')
      .replace('power_meter = "pm"\n', '');
    const diff = computeDiff(load(base), load(after));
    expect(diff.removedInstruments).toEqual(['stage']);
    expect(diff.modifiedModules).toEqual([
      { id: 'watch', params: [{ param: 'low_threshold', before: 1e-4, after: 2e-4 }], roles: [{ role: 'power_meter', before: 'pm', after: null }] },
    ]);
    expect(diff.processorsChanged).toEqual(['pm']);
    expect(diff.settingsChanged).toEqual([{ param: 'log_level', before: 'info', after: 'debug' }]);
    expect(summarizeDiff(diff)).toBe(
      'removed stage; watch.low_threshold 0.0001 → 0.0002; watch.roles.power_meter pm → (unset); processors of pm; log_level info → debug',
    );
  });

  it('finds added and removed modules', () => {
    const after = base.replace('[modules.watch]', '[modules.watch2]').replace('[modules.watch.roles]', '[modules.watch2.roles]');
    const diff = computeDiff(load(base), load(after));
    expect(diff.addedModules).toEqual(['watch2']);
    expect(diff.removedModules).toEqual(['watch']);
    expect(summarizeDiff(diff)).toBe('added module watch2; removed module watch');
  });
});

describe('paramChanges', () => {
  it('reports keys that appear or disappear and array changes', () => {
    expect(paramChanges({ a: 1, b: [0, 1] }, { b: [0, 2], c: 'x' })).toEqual([
      { param: 'a', before: 1, after: undefined },
      { param: 'b', before: [0, 1], after: [0, 2] },
      { param: 'c', before: undefined, after: 'x' },
    ]);
  });
});
