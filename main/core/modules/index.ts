/** Modules: configured routines that use instruments in roles, and their runs. */
export { ModuleRuntime, type ModuleSnapshot } from './module-runtime.js';
export { ModuleRuns } from './module-runs.js';
export type { ModuleRun } from './module-run.js';
export type { InstrumentInfo, ModuleHost, StorageSettings } from './module-host.js';
export { ReadingsFeed, type WaitOptions } from './readings-feed.js';
export { listRunFiles, readRunFile, type ParsedRun } from './run-files.js';
export { makeStorageFolder } from './storage-folder.js';
