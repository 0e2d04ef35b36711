/**
 * Module types as data: the parameters of each and the roles it fills with instruments. A role
 * names the capability it needs, so an incapable instrument is refused on assignment, on load,
 * on hot reload and in transactions alike.
 */
import type { Capability } from './instrument-types.js';
import type { ParamSpecs } from './parameters.js';

export interface RoleSpec {
  readonly capability: Capability;
  readonly label: string;
  /** A module cannot start while a required role is unfilled. */
  readonly required: boolean;
}

export interface ModuleTypeSpec {
  readonly label: string;
  readonly description: string;
  /**
   * `to-completion`: a run takes a fixed number of points and ends completed (progress k of n);
   * an instrument error ends it. `until-stopped`: it watches until stopped and waits out an
   * instrument error (degraded), then carries on.
   */
  readonly runs: 'to-completion' | 'until-stopped';
  readonly params: ParamSpecs;
  readonly roles: Readonly<Record<string, RoleSpec>>;
}

export const moduleTypes = {
  power_meter: {
    label: 'Power monitor',
    description: 'Watches a power reading, counts excursions outside a band and keeps a window of it for plotting.',
    runs: 'until-stopped',
    params: {
      low_threshold: { kind: 'float', label: 'Low threshold', unit: 'W', min: 0, default: 1e-4 },
      high_threshold: { kind: 'float', label: 'High threshold', unit: 'W', min: 0, default: 5e-3 },
      window_duration_s: { kind: 'float', label: 'Window', unit: 's', min: 0.1, max: 86_400, default: 60, description: 'How much of the power series is kept for plotting' },
    },
    roles: {
      power_meter: { capability: 'power_measurement', label: 'Power meter', required: true },
    },
  },
  polarization_scan: {
    label: 'Polarisation scan',
    description: 'Steps a rotator through angles and records the detected power (and the laser wavelength).',
    runs: 'to-completion',
    params: {
      start_deg: { kind: 'float', label: 'Start', unit: 'deg', min: -360, max: 360, default: 0 },
      stop_deg: { kind: 'float', label: 'Stop', unit: 'deg', min: -360, max: 360, default: 180 },
      step_deg: { kind: 'float', label: 'Step', unit: 'deg', min: 0.01, max: 360, default: 2 },
      rotator_axis: {
        kind: 'integer',
        label: 'Rotator axis',
        min: 0,
        max: 15,
        description: 'The ELL14 bus address or ESP300 axis to turn; unset: the first one the rotator has',
      },
      tolerance_deg: { kind: 'float', label: 'Arrival tolerance', unit: 'deg', min: 0.001, max: 10, default: 0.1 },
    },
    roles: {
      rotator: { capability: 'position_control', label: 'Rotator', required: true },
      detector: { capability: 'power_measurement', label: 'Detector', required: true },
      laser: { capability: 'wavelength_control', label: 'Laser', required: false },
    },
  },
  camera: {
    label: 'Imaging',
    description: 'Acquires frames, optionally moving a stage between them.',
    runs: 'to-completion',
    params: {
      frames: { kind: 'integer', label: 'Frames', min: 1, max: 1_000_000, default: 1 },
      stage_axis: { kind: 'integer', label: 'Stage axis', min: 0, max: 15, description: 'The ESP300 axis (or ELL14 address) to move; unset: the first one the stage has' },
      stage_start: { kind: 'float', label: 'Stage start', unit: 'stage units', min: -1e6, max: 1e6, default: 0, description: 'Where the first frame is taken' },
      stage_step: { kind: 'float', label: 'Stage step', unit: 'stage units', min: -1e6, max: 1e6, default: 0.1, description: 'How far the stage moves between frames' },
      stage_tolerance: { kind: 'float', label: 'Arrival tolerance', unit: 'stage units', min: 1e-6, max: 10, default: 0.001 },
    },
    roles: {
      camera: { capability: 'camera', label: 'Camera', required: true },
      stage: { capability: 'position_control', label: 'Stage', required: false },
    },
  },
} as const satisfies Record<string, ModuleTypeSpec>;

export type ModuleType = keyof typeof moduleTypes;
export const moduleTypeNames = Object.keys(moduleTypes) as ModuleType[];

export function isModuleType(type: unknown): type is ModuleType {
  return typeof type === 'string' && Object.hasOwn(moduleTypes, type);
}

export function moduleTypeSpec(type: ModuleType): ModuleTypeSpec {
  return moduleTypes[type];
}
