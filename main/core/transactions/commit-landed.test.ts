/**
 * Judging an interrupted commit by its operations' effects: the last operation on a key decides,
 * for that key and every key under it. A change set that changed a parameter and then removed
 * the instrument was judged "not written" although the file held its result.
 */
import { describe, expect, it } from 'vitest';
import type { DaqConfig } from '../../../shared/model/config.js';
import type { StagedOperation } from '../../../shared/model/transactions.js';
import { commitLanded } from './commit-landed.js';

const config = (instruments: Record<string, Record<string, unknown>>, roles: Record<string, string> = {}): DaqConfig =>
  ({ instruments, modules: { scan: { type: 'polarization_scan', roles } } }) as unknown as DaqConfig;

describe('commitLanded', () => {
  it('a parameter changed, then its instrument removed: landed when the instrument is gone', () => {
    const ops: StagedOperation[] = [
      { kind: 'update-parameter', id: 'pm', param: 'amplitude', value: 5 },
      { kind: 'remove-instrument', id: 'pm' },
    ];
    expect(commitLanded(ops, config({}))).toBe(true);
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 1 } }))).toBe(false);
  });

  it('an instrument added, then a parameter of it changed: judged by the last value', () => {
    const ops: StagedOperation[] = [
      { kind: 'add-instrument', id: 'pm', config: { type: 'mock', amplitude: 1, sample_rate_hz: 10 } },
      { kind: 'update-parameter', id: 'pm', param: 'amplitude', value: 5 },
    ];
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 5, sample_rate_hz: 10 } }))).toBe(true);
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 1, sample_rate_hz: 10 } }))).toBe(false);
    expect(commitLanded(ops, config({}))).toBe(false);
  });

  it('an instrument removed and added again: judged by the new configuration', () => {
    const ops: StagedOperation[] = [
      { kind: 'update-parameter', id: 'pm', param: 'wavelength', value: 780 },
      { kind: 'remove-instrument', id: 'pm' },
      { kind: 'add-instrument', id: 'pm', config: { type: 'mock', amplitude: 2 } },
    ];
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 2 } }))).toBe(true);
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 2, wavelength: 800 } }))).toBe(true);
    expect(commitLanded(ops, config({ pm: { type: 'mock', amplitude: 1 } }))).toBe(false);
  });

  it('roles: the last assignment or unassignment decides', () => {
    const ops: StagedOperation[] = [
      { kind: 'assign-role', moduleId: 'scan', role: 'detector', instrumentId: 'pm' },
      { kind: 'unassign-role', moduleId: 'scan', role: 'detector' },
      { kind: 'assign-role', moduleId: 'scan', role: 'rotator', instrumentId: 'rot' },
    ];
    expect(commitLanded(ops, config({}, { rotator: 'rot' }))).toBe(true);
    expect(commitLanded(ops, config({}, { rotator: 'rot', detector: 'pm' }))).toBe(false);
  });
});
