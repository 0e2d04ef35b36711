import { describe, expect, it } from 'vitest';
import { instrumentView, moduleView } from '../../test-support/fixtures.js';
import { dependentModules, type DependentInfo } from '../../stores/remove-dialog-store.js';
import { dependentRows, reassignNote } from './removal-plan.js';

const modules = {
  watch: moduleView('watch'),
  scan: moduleView('scan', { type: 'polarization_scan' }),
  imaging: moduleView('imaging', { type: 'camera' }),
};
const instruments = [
  instrumentView('pm', { capabilities: ['power_measurement'], name: 'Sample meter' }),
  instrumentView('pm2', { capabilities: ['power_measurement'], name: 'Reference meter' }),
  instrumentView('laser', { capabilities: ['wavelength_control', 'power_measurement'], name: undefined, status: 'error' }),
  instrumentView('stage', { capabilities: ['position_control'] }),
  instrumentView('cam', { capabilities: ['camera'] }),
];
const dep = (moduleId: string, role: string, running = false): DependentInfo => ({ moduleId, role, moduleState: running ? 'running' : 'idle', running });

describe('dependentRows', () => {
  it('offers only the other instruments with the role\'s capability', () => {
    const [row] = dependentRows('pm', [dep('watch', 'power_meter')], modules, instruments, {});
    expect(row?.candidates).toEqual([
      { id: 'pm2', label: 'pm2 — Reference meter' },
      { id: 'laser', label: 'laser (error)' },
    ]);
    expect(row?.needs).toBe('power measurement');
    expect(row?.choice).toBe('');
  });

  it('filters per role: a rotator needs position control, a detector power measurement', () => {
    const rows = dependentRows('stage', [dep('scan', 'rotator'), dep('imaging', 'stage')], modules, instruments, {});
    expect(rows.map((r) => r.candidates.map((c) => c.id))).toEqual([[], []]);
    expect(rows.map((r) => r.needs)).toEqual(['position control', 'position control']);
  });

  it('carries the chosen replacement and the module\'s running state', () => {
    const [row] = dependentRows('pm', [dep('scan', 'detector', true)], modules, instruments, { 'scan/detector': 'pm2' });
    expect(row).toMatchObject({ key: 'scan/detector', moduleId: 'scan', role: 'detector', running: true, choice: 'pm2' });
  });

  it('offers nothing for a role the module type does not know', () => {
    const [row] = dependentRows('pm', [dep('watch', 'mystery')], modules, instruments, {});
    expect(row).toMatchObject({ candidates: [], needs: undefined });
  });
});

describe('reassignNote', () => {
  it('says when a role cannot be filled, what is missing, or what will happen', () => {
    const blocked = dependentRows('cam', [dep('imaging', 'camera')], modules, instruments, {});
    expect(reassignNote('cam', blocked, false)).toMatch(/^Not possible/);
    const open = dependentRows('pm', [dep('scan', 'detector', true)], modules, instruments, {});
    expect(reassignNote('pm', open, false)).toBe('Choose an instrument for every role first. Running modules are stopped for the change and started again.');
    const chosen = dependentRows('pm', [dep('watch', 'power_meter')], modules, instruments, { 'watch/power_meter': 'pm2' });
    expect(reassignNote('pm', chosen, true)).toBe('Assigns each role and removes pm in one step: if any part fails, nothing changes.');
  });
});

describe('dependentModules', () => {
  it('lists each module once, sorted', () => {
    expect(dependentModules([dep('watch', 'a'), dep('scan', 'b'), dep('watch', 'c')])).toEqual(['scan', 'watch']);
  });
});
