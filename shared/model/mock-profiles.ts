/**
 * What a `mock` instrument stands in for: its `profile` gives it the channels and capabilities
 * of a power meter, stage, laser or camera, so modules can be set up before the hardware is there.
 */
import type { Capability, ChannelSpec } from './capabilities.js';
import type { ParamValue } from './parameters.js';

export const mockProfiles = ['signal', 'power_meter', 'stage', 'laser', 'camera'] as const;
export type MockProfile = (typeof mockProfiles)[number];

export const mockProfileCapabilities: Readonly<Record<MockProfile, readonly Capability[]>> = {
  signal: [],
  power_meter: ['power_measurement'],
  stage: ['position_control'],
  laser: ['wavelength_control', 'power_measurement'],
  camera: ['camera'],
};

export const mockProfileChannels: Readonly<Record<MockProfile, readonly ChannelSpec[]>> = {
  signal: [
    { name: 'sine_wave', unit: 'V' },
    { name: 'cosine_wave', unit: 'V' },
  ],
  power_meter: [{ name: 'power', unit: 'W' }],
  stage: [{ name: 'position', unit: 'mm' }],
  laser: [
    { name: 'wavelength', unit: 'nm' },
    { name: 'power', unit: 'W' },
  ],
  camera: [{ name: 'mean_intensity', unit: 'counts' }],
};

/** The profile a mock's parameters name (`signal` when none or unknown). */
export function mockProfile(params: Readonly<Record<string, ParamValue>>): MockProfile {
  const profile = params['profile'];
  return typeof profile === 'string' && (mockProfiles as readonly string[]).includes(profile)
    ? (profile as MockProfile)
    : 'signal';
}
