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
  paramUnit,
} from './instrument-types.js';
import { paramValueSchema, valueLabel, type ParamSpec } from './parameters.js';
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

describe('words for codes', () => {
  /** Every parameter of every type, tables flattened, with its dotted path. */
  const everyParam = instrumentTypeNames.flatMap((type) =>
    Object.entries(instrumentTypes[type].params as Record<string, ParamSpec>).flatMap(([key, spec]) =>
      spec.kind === 'table' ? Object.entries(spec.fields ?? {}).map(([sub, s]) => [`${type}.${key}.${sub}`, s] as const) : [[`${type}.${key}`, spec] as const],
    ),
  );

  it('labels every choice of an enumerated code, and only values the parameter takes', () => {
    for (const [path, spec] of everyParam) {
      if (!spec.labels) continue;
      if (spec.choices) for (const choice of spec.choices) expect(valueLabel(spec, choice), `${path} = ${choice}`).toMatch(/\w/);
      for (const key of Object.keys(spec.labels)) expect(paramValueSchema(spec).safeParse(Number(key)).success, `${path}: ${key}`).toBe(true);
    }
  });

  it('names the 1830-C settings, the ESP300 units (manual SN table) and the MaiTai shutter', () => {
    const meter = instrumentTypes.newport_1830c.params;
    expect([0, 1, 2, 3].map((v) => valueLabel(meter.units, v))).toEqual(['W', 'dBm', 'dB', 'REL']);
    expect([0, 1].map((v) => valueLabel(meter.attenuator, v))).toEqual(['off', 'on']);
    expect([1, 2, 3].map((v) => valueLabel(meter.filter, v))).toEqual(['slow', 'medium', 'fast']);
    expect(valueLabel(meter.range, 0)).toBe('auto');
    expect(valueLabel(meter.range, 3)).toBeUndefined();
    const units = instrumentTypes.esp300.params.axis1.fields?.['units'] as ParamSpec;
    expect(Array.from({ length: 12 }, (_, code) => valueLabel(units, code))).toEqual([
      'encoder counts', 'motor steps', 'millimetre', 'micrometre', 'inches', 'milli-inches',
      'micro-inches', 'degree', 'gradian', 'radian', 'milliradian', 'microradian',
    ]);
    expect(instrumentTypes.maitai.channels.find((c) => c.name === 'shutter')).toMatchObject({ labels: { '0': 'closed', '1': 'open' } });
  });

  it('gives an ESP300 axis rate the axis unit, other parameters their spec unit', () => {
    const params = { axis1: { units: 2 }, axis3: { units: 7 } };
    expect(paramUnit('esp300', params, 'axis1.velocity')).toBe('mm/s');
    expect(paramUnit('esp300', params, 'axis3.acceleration')).toBe('deg/s²');
    expect(paramUnit('esp300', {}, 'axis2.velocity')).toBe('mm/s');
    expect(paramUnit('esp300', params, 'polling_rate_hz')).toBe('Hz');
    expect(paramUnit('newport_1830c', {}, 'wavelength')).toBe('nm');
    expect(paramUnit('mock', {}, 'amplitude')).toBeUndefined();
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
