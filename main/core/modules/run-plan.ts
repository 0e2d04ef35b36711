/**
 * What a module type's run does, as a plan the run machinery carries out: the columns it
 * records, how many points it takes, and either the steps it runs to completion (a scan) or
 * what it does with each reading (a monitor). Plans are built when a module starts, from its
 * parameters and the instruments in its roles; a setup that cannot run is refused then.
 */
import type { ModuleConfig } from '../../../shared/model/config.js';
import { isModuleType, moduleTypes } from '../../../shared/model/module-types.js';
import type { RunColumn } from '../../../shared/model/runs.js';
import type { Reading } from '../../../shared/model/runtime.js';
import type { ModuleHost } from './module-host.js';

/** What a plan's steps can do while the run is under way. */
export interface RunContext {
  readonly moduleId: string;
  readonly host: ModuleHost;
  /** Aborts when the run is ended from outside (Stop, a lost role, an instrument error). */
  readonly signal: AbortSignal;
  /** Records one point: a row in the file and a point for plots. `units` as the readings carried them. */
  record(values: Readonly<Record<string, number>>, options?: { readonly time?: number; readonly units?: Readonly<Record<string, string>> }): Promise<void>;
  /** The live figures shown with the module (point k of n, the last power). */
  setStats(stats: Readonly<Record<string, number>>): void;
}

export interface RunPlan {
  readonly columns: readonly RunColumn[];
  /** Points the run takes; absent for a run that lasts until stopped. */
  readonly total?: number;
  /** Points kept in memory for plotting (the newest ones). */
  readonly maxPoints: number;
  /** Keeps only points this recent, by their own time (a monitor's window). */
  readonly retainMs?: number;
  /** The run's steps: resolves when done, rejects with why it could not go on. */
  run?(ctx: RunContext): Promise<void>;
  /** A reading of the module's instruments; answers whether the live figures changed. */
  observe?(reading: Reading, ctx: RunContext): boolean;
}

/** What a plan is built from. */
export interface PlanSetup {
  readonly moduleId: string;
  readonly config: ModuleConfig;
  readonly host: ModuleHost;
}

/** A numeric parameter of a module, or the default its type declares. */
export function numberParam(config: ModuleConfig, name: string): number | undefined {
  const value = config[name];
  if (typeof value === 'number') return value;
  if (!isModuleType(config.type)) return undefined;
  const spec = (moduleTypes[config.type].params as Readonly<Record<string, { default?: unknown }>>)[name];
  return typeof spec?.default === 'number' ? spec.default : undefined;
}

/** The instrument in `role`, or undefined when the role is unfilled. */
export function roleInstrument(setup: PlanSetup, role: string): string | undefined {
  return Object.hasOwn(setup.config.roles, role) ? setup.config.roles[role] : undefined;
}
