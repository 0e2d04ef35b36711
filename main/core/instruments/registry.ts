/** Which driver runs which instrument type. Tests and later features add or replace entries. */
import type { InstrumentType } from '../../../shared/model/instrument-types.js';
import type { DriverFactory } from './driver.js';
import { MockDriver } from './mock-driver.js';
import { UnavailableDriver } from './unavailable-driver.js';

export type DriverRegistry = Readonly<Record<InstrumentType, DriverFactory>>;

function unavailable(reason: string): DriverFactory {
  return () => new UnavailableDriver(reason);
}

const noSerial = 'serial drivers are not part of this build yet';

export const defaultDrivers: DriverRegistry = {
  mock: (ctx) => new MockDriver(ctx),
  newport_1830c: unavailable(noSerial),
  maitai: unavailable(noSerial),
  esp300: unavailable(noSerial),
  elliptec: unavailable(noSerial),
  pvcam: unavailable('the PVCAM camera SDK is not available on this machine'),
  scpi_keithley: unavailable('the SCPI-over-TCP driver is not part of this build yet'),
  visa_instrument: unavailable('no VISA library is available on this machine'),
};

export function createDriverRegistry(overrides: Partial<Record<InstrumentType, DriverFactory>> = {}): DriverRegistry {
  return { ...defaultDrivers, ...overrides };
}
