/**
 * The core of DAQ Studio: pure Node, never Electron. `createCore(deps)` assembles the actor
 * and its features; the Electron shell, browser mode and the CLI all run this same core.
 */
export { createCore, type Core, type CoreDeps } from './actor/core.js';
export type { BatchListener } from './actor/event-bus.js';
export { loadConfigFile, loadConfigText } from './config/index.js';
export type { Clock, DriverFactory, InstrumentDriver } from './instruments/index.js';
export { rememberConfigPath, resolveConfigPath } from './config/config-location.js';
export { createSimulator, isSimulatorType, serveSimulator, simulatorTypes, type DeviceSimulator, type ServedSimulator } from './serial/index.js';
