/** Instruments: drivers, the type registry of drivers, and the runtime of one instrument. */
export type { Clock, DriverContext, DriverFactory, InstrumentDriver } from './driver.js';
export { defaultTimeouts, InstrumentRuntime, withTimeout, type RuntimeHooks, type Timeouts } from './instrument-runtime.js';
export { MockDriver } from './mock-driver.js';
export { createDriverRegistry, defaultDrivers, type DriverRegistry } from './registry.js';
export { UnavailableDriver } from './unavailable-driver.js';
