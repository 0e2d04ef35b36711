import { describe, expect, it } from 'vitest';
import { instrumentView, moduleView } from '../../test-support/fixtures.js';
import { formatStat, moduleRoles, moduleTypeLabel, withStagedRoles } from './module-roles.js';

describe('moduleRoles', () => {
  it('lists every role of the type with who fills it and the capable instruments', () => {
    const scan = moduleView('scan', { type: 'polarization_scan', roles: { rotator: 'hwp', detector: null } });
    const instruments = [
      instrumentView('hwp', { capabilities: ['position_control'] }),
      instrumentView('pm', { capabilities: ['power_measurement'] }),
      instrumentView('laser', { capabilities: ['wavelength_control', 'power_measurement'] }),
    ];
    expect(moduleRoles(scan, instruments)).toEqual([
      { role: 'rotator', label: 'Rotator', required: true, instrumentId: 'hwp', candidates: ['hwp'] },
      { role: 'detector', label: 'Detector', required: true, instrumentId: null, candidates: ['pm', 'laser'] },
      { role: 'laser', label: 'Laser', required: false, instrumentId: null, candidates: ['laser'] },
    ]);
  });

  it('keeps the current instrument listed even when it no longer fits', () => {
    const watch = moduleView('w', { roles: { power_meter: 'sig' } });
    expect(moduleRoles(watch, [instrumentView('sig')])[0]?.candidates).toEqual(['sig']);
    expect(moduleTypeLabel('power_meter')).toBe('Power monitor');
    expect(moduleTypeLabel('unknown_kind')).toBe('unknown_kind');
  });
});

describe('withStagedRoles', () => {
  it('shows what the change set would put in a role, offering a staged newcomer too', () => {
    const scan = moduleView('scan', { type: 'polarization_scan', roles: { rotator: 'hwp', detector: 'pm' } });
    const roles = moduleRoles(scan, [instrumentView('hwp', { capabilities: ['position_control'] }), instrumentView('pm', { capabilities: ['power_measurement'] })]);
    const staged = withStagedRoles('scan', roles, { 'scan/detector': 'probe', 'scan/rotator': null, 'other/detector': 'x' });
    expect(staged.find((r) => r.role === 'detector')).toMatchObject({ instrumentId: 'pm', staged: 'probe', candidates: ['pm', 'probe'] });
    expect(staged.find((r) => r.role === 'rotator')).toMatchObject({ instrumentId: 'hwp', staged: null });
    expect(staged.find((r) => r.role === 'laser')?.staged).toBeUndefined();
    expect(withStagedRoles('scan', roles, {})).toBe(roles);
  });
});

describe('formatStat', () => {
  it('keeps counts whole and shortens measured values', () => {
    expect(formatStat(3)).toBe('3');
    expect(formatStat(0.0010290284677254462)).toBe('0.001029');
    expect(formatStat(1234.5678)).toBe('1235');
  });
});
