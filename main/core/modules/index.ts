/** Modules: configured routines that use instruments in roles. */
export { ModuleRuntime, type ModuleSnapshot } from './module-runtime.js';
