import { describe, expect, it } from 'vitest';
import {
  capabilities,
  capabilitiesOf,
  capabilityLabels,
  channelsOf,
  instrumentTypeNames,
  instrumentTypes,
  instrumentTypeSpec,
  isInstrumentType,
  mockProfiles,
} from './instrument-types.js';
import { isModuleType, moduleTypeNames, moduleTypes, moduleTypeSpec } from './module-types.js';

describe('instrument type registry', () => {
  it('knows the predecessor types and nothing inherited', () => {
    expect(instrumentTypeNames).toEqual(['mock', 'newport_1830c', 'maitai', 'esp300', 'elliptec', 'pvcam', 'scpi_keithley', 'visa_instrument']);
    expect(isInstrumentType('esp300')).toBe(true);
    expect(isInstrumentType('toString')).toBe(false);
    expect(isInstrumentType('__proto__')).toBe(false);
    expect(isInstrumentType(5)).toBe(false);
    expect(instrumentTypeSpec('maitai').params.wavelength).toMatchObject({ min: 690, max: 1040 });
  });

  it('gives every serial type a required port and every type a live display name', () => {
    for (const type of instrumentTypeNames) {
      const spec = instrumentTypes[type];
      expect(spec.params.name, type).toMatchObject({ kind: 'string', live: true });
      if (spec.serial) expect((spec.params as Record<string, { required?: boolean }>)['port']?.required, type).toBe(true);
      for (const cap of spec.capabilities) expect(capabilities).toContain(cap);
    }
  });

  it('labels every capability', () => {
    for (const cap of capabilities) expect(capabilityLabels[cap]).toMatch(/\w/);
  });
});

describe('capabilitiesOf / channelsOf', () => {
  it('follows the mock profile', () => {
    expect(capabilitiesOf('mock', {})).toEqual([]);
    expect(capabilitiesOf('mock', { profile: 'signal' })).toEqual([]);
    expect(capabilitiesOf('mock', { profile: 'power_meter' })).toEqual(['power_measurement']);
    expect(capabilitiesOf('mock', { profile: 'stage' })).toEqual(['position_control']);
    expect(capabilitiesOf('mock', { profile: 'laser' })).toEqual(['wavelength_control', 'power_measurement']);
    expect(capabilitiesOf('mock', { profile: 'camera' })).toEqual(['camera']);
    expect(capabilitiesOf('mock', { profile: 'bogus' })).toEqual([]);

    expect(channelsOf('mock', {})).toEqual([
      { name: 'sine_wave', unit: 'V' },
      { name: 'cosine_wave', unit: 'V' },
    ]);
    expect(channelsOf('mock', { profile: 'power_meter' })).toEqual([{ name: 'power', unit: 'W' }]);
    expect(channelsOf('mock', { profile: 'stage' })).toEqual([{ name: 'position', unit: 'mm' }]);
    expect(channelsOf('mock', { profile: 'laser' }).map((c) => c.name)).toEqual(['wavelength', 'power']);
    expect(channelsOf('mock', { profile: 'camera' }).map((c) => c.name)).toContain('mean_intensity');
    for (const profile of mockProfiles) expect(channelsOf('mock', { profile }).length).toBeGreaterThan(0);
  });

  it('names elliptec channels by hex bus address', () => {
    expect(channelsOf('elliptec', {})).toEqual([{ name: 'device0_position', unit: 'deg' }]);
    expect(channelsOf('elliptec', { device_addresses: [2, 10, 15] }).map((c) => c.name)).toEqual([
      'device2_position',
      'deviceA_position',
      'deviceF_position',
    ]);
  });

  it('uses the static capabilities and channels of hardware types', () => {
    expect(capabilitiesOf('newport_1830c', {})).toEqual(['power_measurement']);
    expect(capabilitiesOf('esp300', {})).toEqual(['position_control']);
    expect(channelsOf('esp300', {}).map((c) => c.name)).toEqual(['axis1_position', 'axis2_position', 'axis3_position']);
    expect(channelsOf('scpi_keithley', {})).toEqual([]);
  });
});

describe('module type registry', () => {
  it('knows its types; every role needs a real capability', () => {
    expect(moduleTypeNames).toEqual(['power_meter', 'polarization_scan', 'camera']);
    expect(isModuleType('camera')).toBe(true);
    expect(isModuleType('hasOwnProperty')).toBe(false);
    expect(moduleTypeSpec('polarization_scan').roles.laser).toMatchObject({ capability: 'wavelength_control', required: false });
    for (const type of moduleTypeNames) {
      for (const role of Object.values(moduleTypes[type].roles)) expect(capabilities).toContain(role.capability);
    }
  });

  it('has, for every role, at least one instrument type that can fill it', () => {
    for (const type of moduleTypeNames) {
      for (const [role, spec] of Object.entries(moduleTypes[type].roles)) {
        const fillers = instrumentTypeNames.filter((t) => capabilitiesOf(t, {}).includes(spec.capability));
        const mockProfile = mockProfiles.find((p) => capabilitiesOf('mock', { profile: p }).includes(spec.capability));
        expect(fillers.length, `${type}.${role}`).toBeGreaterThan(0);
        expect(mockProfile, `${type}.${role} has a mock stand-in`).toBeDefined();
      }
    }
  });
});
