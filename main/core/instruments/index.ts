/** Instruments: drivers, the type registry of drivers, and the runtime of one instrument. */
export type { Clock, DriverContext, DriverFactory, InstrumentDriver } from './driver.js';
export { defaultTimeouts, InstrumentRuntime, withTimeout, type RuntimeHooks, type Timeouts } from './instrument-runtime.js';
export { MockDriver } from './mock-driver.js';
export { createDriverRegistry, defaultDrivers, type DriverRegistry } from './registry.js';
export { ElliptecDriver } from './elliptec/elliptec-driver.js';
export { Esp300Driver } from './esp300/esp300-driver.js';
export { MaiTaiDriver } from './maitai/maitai-driver.js';
export { Newport1830cDriver } from './newport-1830c/newport-1830c-driver.js';
export { SerialInstrument } from './serial-instrument.js';
export { createSerialDrivers, type SerialInstrumentType } from './serial-drivers.js';
export { UnavailableDriver } from './unavailable-driver.js';
