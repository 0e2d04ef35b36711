/**
 * The instrument type registry as data: for each `type` string of `[instruments.<id>]`, its
 * parameters, the capabilities modules can rely on, and the channels it streams. Drivers live
 * in main; this file is what every layer agrees on.
 */
import { mockProfile, mockProfileCapabilities, mockProfileChannels, mockProfiles } from './mock-profiles.js';
import { findParamSpec, type ParamSpec, type ParamSpecs, type ParamValue } from './parameters.js';
import { SERIAL_PORT_PATTERN, SERIAL_PORT_RULE } from './serial-port-path.js';
import { esp300Axis, esp300AxisUnit, esp300RateUnit } from './esp300-units.js';

export { esp300AxisUnit, esp300UnitLabels } from './esp300-units.js';

export { mockProfiles, type MockProfile } from './mock-profiles.js';
export { capabilities, capabilityLabels, type Capability, type ChannelSpec } from './capabilities.js';
import type { Capability, ChannelSpec } from './capabilities.js';

export interface InstrumentTypeSpec {
  readonly label: string;
  readonly description: string;
  readonly params: ParamSpecs;
  /** Capabilities; for `mock` they follow its `profile` (see {@link capabilitiesOf}). */
  readonly capabilities: readonly Capability[];
  readonly channels: readonly ChannelSpec[];
  /** Whether the instrument talks over a serial port (`port` is a device path). */
  readonly serial: boolean;
}

const name: ParamSpec = { kind: 'string', label: 'Display name', live: true };
const serialPort: ParamSpec = {
  kind: 'string',
  label: 'Serial port',
  required: true,
  description: 'Device path: /dev/serial/by-id/…, /dev/ttyUSB0, COM7, a pty, a link to one of them, or sim://<type>[/<name>] for a built-in simulator',
  // Only serial devices and links to them: a port is opened read-write (serial-port-path.ts).
  pattern: { regex: SERIAL_PORT_PATTERN.source, hint: SERIAL_PORT_RULE },
};
const baudRates = [300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
function baud(defaultRate: number): ParamSpec {
  return { kind: 'integer', label: 'Baud rate', choices: baudRates, default: defaultRate };
}
function polling(defaultHz: number, max = 100): ParamSpec {
  return { kind: 'float', label: 'Polling rate', unit: 'Hz', min: 0.1, max, default: defaultHz, live: true };
}

export const instrumentTypes = {
  mock: {
    label: 'Software source (mock)',
    description: 'A simulated instrument that streams continuously; needs no hardware.',
    serial: false,
    capabilities: [],
    channels: mockProfileChannels.signal,
    params: {
      name,
      profile: {
        kind: 'string',
        label: 'Simulates',
        choices: mockProfiles,
        default: 'signal',
        description: 'What the source stands in for; sets its channels and capabilities',
      },
      sample_rate_hz: { kind: 'float', label: 'Sample rate', unit: 'Hz', min: 0.1, max: 1_000_000, required: true, default: 10, live: true },
      num_samples: { kind: 'integer', label: 'Samples per period', min: 1, max: 1_000_000, default: 64, live: true },
      amplitude: { kind: 'float', label: 'Amplitude', min: 0, max: 1e6, default: 1, live: true },
      offset: { kind: 'float', label: 'Offset', min: -1e6, max: 1e6, default: 0, live: true },
    },
  },
  newport_1830c: {
    label: 'Newport 1830-C power meter',
    description: 'Optical power meter; plain ASCII commands, LF terminated, silent setters.',
    serial: true,
    capabilities: ['power_measurement'],
    channels: [{ name: 'power', unit: 'W' }],
    params: {
      name,
      port: serialPort,
      baud_rate: baud(9600),
      wavelength: { kind: 'float', label: 'Wavelength', unit: 'nm', min: 400, max: 1700, default: 800, live: true },
      range: { kind: 'integer', label: 'Range (0 = auto)', min: 0, max: 8, default: 0, live: true, labels: { '0': 'auto' } },
      units: { kind: 'integer', label: 'Units', choices: [0, 1, 2, 3], labels: { '0': 'W', '1': 'dBm', '2': 'dB', '3': 'REL' }, default: 0, live: true },
      attenuator: { kind: 'integer', label: 'Attenuator', choices: [0, 1], labels: { '0': 'off', '1': 'on' }, default: 0, live: true },
      filter: { kind: 'integer', label: 'Filter', choices: [1, 2, 3], labels: { '1': 'slow', '2': 'medium', '3': 'fast' }, default: 2, live: true },
      polling_rate_hz: polling(10, 50),
    },
  },
  maitai: {
    label: 'Spectra-Physics MaiTai laser',
    description: 'Ti:Sapphire femtosecond laser; replies carry units (820nm, 3.00W).',
    serial: true,
    capabilities: ['wavelength_control', 'power_measurement'],
    channels: [
      { name: 'wavelength', unit: 'nm' },
      { name: 'power', unit: 'W' },
      { name: 'shutter', unit: 'state', labels: { '0': 'closed', '1': 'open' } },
    ],
    params: {
      name,
      port: serialPort,
      baud_rate: baud(9600),
      wavelength: { kind: 'float', label: 'Wavelength', unit: 'nm', min: 690, max: 1040, default: 800, live: true },
      polling_rate_hz: polling(1, 10),
    },
  },
  esp300: {
    label: 'Newport ESP300 motion controller',
    description: '3-axis motion controller; CR LF terminated, silent setters and moves.',
    serial: true,
    capabilities: ['position_control'],
    channels: [
      { name: 'axis1_position', unit: 'units' },
      { name: 'axis2_position', unit: 'units' },
      { name: 'axis3_position', unit: 'units' },
    ],
    params: {
      name,
      port: serialPort,
      baud_rate: baud(19200),
      num_axes: { kind: 'integer', label: 'Axes', min: 1, max: 3, default: 3 },
      polling_rate_hz: polling(5, 50),
      axis1: esp300Axis,
      axis2: esp300Axis,
      axis3: esp300Axis,
    },
  },
  elliptec: {
    label: 'Thorlabs ELL14 rotators',
    description: 'Rotation mounts on one RS-485 bus; one owner per port, hex addresses 0-F.',
    serial: true,
    capabilities: ['position_control'],
    channels: [{ name: 'device0_position', unit: 'deg' }],
    params: {
      name,
      port: serialPort,
      baud_rate: baud(9600),
      device_addresses: { kind: 'integer-array', label: 'Bus addresses', min: 0, max: 15, minItems: 1, default: [0], description: 'Hex digits 0-F written as integers 0-15; a bus needs at least one' },
      velocity: {
        kind: 'integer',
        label: 'Velocity',
        unit: '%',
        min: 60,
        max: 100,
        live: true,
        description: 'Motor velocity of every mount on the bus, in % of maximum; leave unset to keep the mounts\' own setting',
      },
      polling_rate_hz: polling(2, 20),
    },
  },
  pvcam: {
    label: 'Photometrics camera (PVCAM)',
    description: 'sCMOS camera; streams mean/min/max intensity of each frame.',
    serial: false,
    capabilities: ['camera'],
    channels: [
      { name: 'mean_intensity', unit: 'counts' },
      { name: 'min_intensity', unit: 'counts' },
      { name: 'max_intensity', unit: 'counts' },
    ],
    params: {
      name,
      camera_name: { kind: 'string', label: 'Camera name', default: 'PrimeBSI' },
      exposure_ms: { kind: 'float', label: 'Exposure', unit: 'ms', min: 0.01, max: 10_000, default: 100, live: true },
      gain: { kind: 'integer', label: 'Gain', min: 1, max: 16, default: 1, live: true },
      binning: { kind: 'integer', label: 'Binning', choices: [1, 2, 4], default: 1, live: true },
      polling_rate_hz: polling(10, 100),
    },
  },
  scpi_keithley: {
    label: 'Keithley 2400 SMU (SCPI over TCP)',
    description: 'Source-measure unit on a raw SCPI socket.',
    serial: false,
    capabilities: [],
    channels: [],
    params: {
      name,
      address: {
        kind: 'string',
        label: 'Host',
        required: true,
        pattern: { regex: '^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$', hint: 'must be an IP address or host name' },
      },
      port: { kind: 'integer', label: 'TCP port', min: 1, max: 65535, default: 5025 },
    },
  },
  visa_instrument: {
    label: 'VISA / LXI instrument',
    description: 'An instrument reached through a VISA resource string.',
    serial: false,
    capabilities: [],
    channels: [],
    params: {
      name,
      resource_string: {
        kind: 'string',
        label: 'VISA resource',
        required: true,
        pattern: { regex: '^(TCPIP\\d*|ASRL\\d+|USB\\d*|GPIB\\d*)::', hint: 'must be a VISA resource such as TCPIP0::192.168.1.101::INSTR' },
      },
      polling_rate_hz: polling(10),
      queries: { kind: 'string-map', label: 'Queries', description: 'channel name → SCPI query' },
    },
  },
} as const satisfies Record<string, InstrumentTypeSpec>;

export type InstrumentType = keyof typeof instrumentTypes;
export const instrumentTypeNames = Object.keys(instrumentTypes) as InstrumentType[];

export function isInstrumentType(type: unknown): type is InstrumentType {
  return typeof type === 'string' && Object.hasOwn(instrumentTypes, type);
}

export function instrumentTypeSpec(type: InstrumentType): InstrumentTypeSpec {
  return instrumentTypes[type];
}


/** Capabilities of one configured instrument (a mock's follow its `profile`). */
export function capabilitiesOf(type: InstrumentType, params: Readonly<Record<string, ParamValue>>): readonly Capability[] {
  if (type === 'mock') return mockProfileCapabilities[mockProfile(params)];
  return instrumentTypes[type].capabilities;
}

/**
 * The unit of one parameter of a configured instrument, as the GUI shows it: the spec's, except
 * that an ESP300 axis's velocity and acceleration are in the axis's own unit (mm/s, deg/s²).
 */
export function paramUnit(type: InstrumentType, params: Readonly<Record<string, ParamValue>>, path: string): string | undefined {
  if (type === 'esp300') {
    const rate = esp300RateUnit(params, path);
    if (rate) return rate;
  }
  return findParamSpec(instrumentTypes[type].params, path)?.unit;
}

/** Channels of one configured instrument. */
export function channelsOf(type: InstrumentType, params: Readonly<Record<string, ParamValue>>): readonly ChannelSpec[] {
  if (type === 'mock') return mockProfileChannels[mockProfile(params)];
  if (type === 'elliptec') {
    const addresses = Array.isArray(params['device_addresses']) ? (params['device_addresses'] as number[]) : [0];
    return addresses.map((a) => ({ name: `device${a.toString(16).toUpperCase()}_position`, unit: 'deg' }));
  }
  if (type === 'esp300') {
    const axes = typeof params['num_axes'] === 'number' ? params['num_axes'] : 3;
    return Array.from({ length: axes }, (_, i) => ({ name: `axis${i + 1}_position`, unit: esp300AxisUnit(params, i + 1) }));
  }
  return instrumentTypes[type].channels;
}

/** `sim://<type>[/<name>]`: a built-in simulator of a serial instrument type, reached in-process. */
const simulatedPortPattern = /^sim:\/\/([a-z0-9_]+)(?:\/([A-Za-z0-9_.-]+))?$/;

/**
 * The simulator a port value names, or undefined for a real port. `known` is false for a
 * `sim://` value whose type is not a serial instrument type (a typo the loader reports).
 */
export function parseSimulatedPort(port: string): { type: string; name: string; known: boolean } | undefined {
  if (!port.startsWith('sim://')) return undefined;
  const m = simulatedPortPattern.exec(port);
  const type = m?.[1] ?? port.slice('sim://'.length);
  const known = m !== null && isInstrumentType(type) && instrumentTypes[type].serial;
  return { type, name: m?.[2] ?? '', known };
}
