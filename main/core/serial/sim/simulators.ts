/** The simulator of each serial instrument type, by type name. */
import { DeviceSimulator } from './device-simulator.js';
import { ElliptecSim } from './elliptec-sim.js';
import { Esp300Sim } from './esp300-sim.js';
import { MaiTaiSim } from './maitai-sim.js';
import { Newport1830cSim } from './newport-1830c-sim.js';

/** The instrument types that have a simulator (the serial ones). */
export const simulatorTypes = ['newport_1830c', 'esp300', 'maitai', 'elliptec'] as const;
/** One of {@link simulatorTypes}. */
export type SimulatorType = (typeof simulatorTypes)[number];

/** True for a type with a simulator. */
export function isSimulatorType(type: string): type is SimulatorType {
  return (simulatorTypes as readonly string[]).includes(type);
}

/** Per-type options of a new simulator. */
export interface SimulatorOptions {
  /** ELL14 bus addresses with a mount. */
  readonly addresses?: readonly number[];
  /** 1830-C: the fraction of the light that reaches the detector now. */
  readonly transmission?: () => number;
}

/** A fresh simulator of `type`. */
export function createSimulator(type: SimulatorType, options: SimulatorOptions = {}): DeviceSimulator {
  switch (type) {
    case 'newport_1830c':
      return new Newport1830cSim(options.transmission ? { transmission: options.transmission } : {});
    case 'esp300':
      return new Esp300Sim();
    case 'maitai':
      return new MaiTaiSim();
    case 'elliptec':
      return new ElliptecSim(options.addresses ? { addresses: options.addresses } : {});
  }
}
