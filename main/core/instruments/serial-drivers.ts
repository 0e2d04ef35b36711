/** The serial instrument drivers, all sharing one serial environment (ports, ownership, simulators). */
import type { SerialEnv } from '../serial/index.js';
import type { DriverFactory } from './driver.js';
import { ElliptecDriver } from './elliptec/elliptec-driver.js';
import { Esp300Driver } from './esp300/esp300-driver.js';
import { MaiTaiDriver } from './maitai/maitai-driver.js';
import { Newport1830cDriver } from './newport-1830c/newport-1830c-driver.js';

/** The instrument types that talk over a serial port. */
export type SerialInstrumentType = 'newport_1830c' | 'esp300' | 'maitai' | 'elliptec';

/** Driver factories for the serial types, sharing `env`. */
export function createSerialDrivers(env: SerialEnv): Readonly<Record<SerialInstrumentType, DriverFactory>> {
  return {
    newport_1830c: (ctx) => new Newport1830cDriver(ctx, env),
    esp300: (ctx) => new Esp300Driver(ctx, env),
    maitai: (ctx) => new MaiTaiDriver(ctx, env),
    elliptec: (ctx) => new ElliptecDriver(ctx, env),
  };
}
