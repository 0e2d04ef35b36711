/** Modules: configured routines that use instruments in roles. */
export { ModuleRuntime } from './module-runtime.js';
