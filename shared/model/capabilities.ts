/**
 * What an instrument can do for a module (the capability a role asks for) and the shape of a
 * channel it streams: the vocabulary instrument types and mock profiles share.
 */
export const capabilities = [
  'power_measurement',
  'position_control',
  'wavelength_control',
  'camera',
] as const;
export type Capability = (typeof capabilities)[number];

export const capabilityLabels: Readonly<Record<Capability, string>> = {
  power_measurement: 'power measurement',
  position_control: 'position control',
  wavelength_control: 'wavelength control',
  camera: 'camera',
};

export interface ChannelSpec {
  readonly name: string;
  readonly unit: string;
  /** A channel that reports a state as a number: the word for each value (`{"0": "closed"}`). */
  readonly labels?: Readonly<Record<string, string>>;
}
