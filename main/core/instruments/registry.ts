/** Which driver runs which instrument type. Tests and later features add or replace entries. */
import type { InstrumentType } from '../../../shared/model/instrument-types.js';
import { createSerialEnv } from '../serial/index.js';
import type { DriverFactory } from './driver.js';
import { MockDriver } from './mock-driver.js';
import { createSerialDrivers } from './serial-drivers.js';
import { UnavailableDriver } from './unavailable-driver.js';

export type DriverRegistry = Readonly<Record<InstrumentType, DriverFactory>>;

function unavailable(reason: string): DriverFactory {
  return () => new UnavailableDriver(reason);
}

export const defaultDrivers: DriverRegistry = {
  mock: (ctx) => new MockDriver(ctx),
  ...createSerialDrivers(createSerialEnv()),
  pvcam: unavailable('the PVCAM camera SDK is not available on this machine'),
  scpi_keithley: unavailable('the SCPI-over-TCP driver is not part of this build yet'),
  visa_instrument: unavailable('no VISA library is available on this machine'),
};

/**
 * The drivers of one core. The serial drivers get a serial environment of their own, so two
 * cores in one process (tests, the CLI) never share simulated devices or in-app port claims.
 */
export function createDriverRegistry(overrides: Partial<Record<InstrumentType, DriverFactory>> = {}): DriverRegistry {
  return { ...defaultDrivers, ...createSerialDrivers(createSerialEnv()), ...overrides };
}
