/**
 * A configured module and its state. Running, it has a run (see module-run.ts) that does its
 * job through the core, never holding drivers: a scan steps its rotator and records points, the
 * power monitor watches its meter. The run follows the state: it begins when the module starts
 * running and ends when the module stops, loses a role or fails; a scan that took every point
 * leaves the module `completed`.
 */
import { AppError } from '../../../shared/errors.js';
import type { ModuleConfig } from '../../../shared/model/config.js';
import { isModuleType, moduleTypes, type RoleSpec } from '../../../shared/model/module-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentStatus, ModuleState, ModuleView, Reading } from '../../../shared/model/runtime.js';
import type { RunState } from '../../../shared/model/runs.js';
import type { ModuleRun } from './module-run.js';
import type { RunControl, RunOwner } from './run-control.js';

/** What {@link ModuleRuntime.restore} needs to put a module back as it was (an undone reload). */
export interface ModuleSnapshot {
  readonly config: ModuleConfig;
  readonly state: ModuleState;
  readonly stateReason: string | undefined;
  readonly failed: ReadonlyMap<string, string>;
}

/** How a run ends when its module leaves running for `state`. */
function runEndFor(state: ModuleState): Exclude<RunState, 'running'> {
  if (state === 'completed') return 'completed';
  return state === 'error' ? 'failed' : 'stopped';
}

/** One configured module: its config, its state (and why) and its latest run. */
export class ModuleRuntime implements RunOwner {
  state: ModuleState = 'idle';
  stateReason: string | undefined;
  /** The latest run since the app started (its figures stay shown once it ended). */
  run: ModuleRun | undefined;
  /** What the last view said about starting, to tell when it changed. */
  private reportedStartBlock: string | undefined | null = null;
  /**
   * Instruments of the module in error (id → reason) while it was running. Non-empty means the
   * module is degraded but still meant to run: it resumes once all of them run again.
   */
  private readonly failed = new Map<string, string>();

  /** `runs` is the core's run machinery; without it (unit tests) a module only changes state. */
  constructor(
    readonly id: string,
    public config: ModuleConfig,
    private readonly runs?: RunControl,
  ) {}

  /** Whether a run ends by itself after its last point (a scan) or lasts until stopped (a monitor). */
  get runsToCompletion(): boolean {
    return isModuleType(this.config.type) && moduleTypes[this.config.type].runs === 'to-completion';
  }

  get roleSpecs(): Readonly<Record<string, RoleSpec>> {
    return isModuleType(this.config.type) ? moduleTypes[this.config.type].roles : {};
  }

  /** Role → instrument id, with every declared role present (null when unfilled). */
  roles(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const role of Object.keys(this.roleSpecs)) out[role] = this.config.roles[role] ?? null;
    return out;
  }

  unfilledRequiredRoles(): string[] {
    return Object.entries(this.roleSpecs)
      .filter(([role, spec]) => spec.required && !this.config.roles[role])
      .map(([role]) => role);
  }

  /**
   * Starts the module; refuses while a required role is unfilled or one of its instruments
   * is not running (`instrumentStatus` answers that).
   */
  start(instrumentRunning: (id: string) => boolean): void {
    if (this.state === 'running') throw new AppError('INVALID_STATE', `module "${this.id}" is already running`);
    const unfilled = this.unfilledRequiredRoles();
    if (unfilled.length > 0) {
      throw new AppError('INVALID_STATE', `module "${this.id}" cannot start: role ${unfilled.map((r) => `"${r}"`).join(', ')} unfilled`, { unfilled });
    }
    const down = Object.values(this.config.roles).filter((id) => !instrumentRunning(id));
    if (down.length > 0) {
      throw new AppError('INVALID_STATE', `module "${this.id}" cannot start: instrument ${down.map((d) => `"${d}"`).join(', ')} not running`, { notRunning: down });
    }
    const problem = this.runs?.startProblem(this);
    if (problem) throw new AppError(problem.code, `module "${this.id}" cannot start: ${problem.message}`, problem.details);
    this.failed.clear();
    this.setState('running');
  }

  /** Why Start would be refused now, in words for the GUI; undefined when it would be taken. */
  cannotStart(): string | undefined {
    if (this.active) return 'already running';
    const unfilled = this.unfilledRequiredRoles();
    if (unfilled.length > 0) return `role ${unfilled.map((r) => `"${r}"`).join(', ')} unfilled`;
    return this.runs?.startProblem(this)?.message;
  }

  /** Whether {@link cannotStart} says something other than the last view did. */
  startabilityChanged(): boolean {
    return this.runs !== undefined && this.reportedStartBlock !== null && this.cannotStart() !== this.reportedStartBlock;
  }

  /** Its run ended by itself: a scan that took every point is completed, one that failed is in error. */
  runEnded(run: ModuleRun): void {
    if (run !== this.run || !this.active) return;
    this.failed.clear();
    this.setState(run.state === 'completed' ? 'completed' : 'error', run.reason);
  }

  /**
   * Running, or degraded only because an instrument failed while it ran (it will resume): either
   * way the module is meant to run, so stopping it is allowed and a role change stops it.
   */
  get active(): boolean {
    return this.state === 'running' || this.failed.size > 0;
  }

  /**
   * Stops a running module, or one waiting for a failed instrument (it then no longer resumes).
   * `why` is kept with the run it ends (a role that lost its instrument).
   */
  stop(why?: string): void {
    if (!this.active) throw new AppError('INVALID_STATE', `module "${this.id}" is not running (${this.state})`);
    this.failed.clear();
    this.setState('stopped', undefined, why);
  }

  /**
   * Follows the status of one of its instruments: an instrument in error degrades a module that
   * was running (with the instrument's reason); once every failed instrument runs again the
   * module runs again, stats kept. Answers whether the module's state changed.
   */
  followInstrument(instrumentId: string, status: InstrumentStatus, reason = 'error'): boolean {
    if (status === 'error' && this.active && this.runsToCompletion) {
      // A scan cannot wait out a failed instrument: its points would no longer belong together.
      this.failed.clear();
      this.setState('error', `instrument ${instrumentId}: ${reason}`);
      return true;
    }
    if (status === 'error' && this.active) {
      this.failed.set(instrumentId, reason);
      this.setState('degraded', `instrument ${instrumentId}: ${reason}`);
      return true;
    }
    if (status !== 'running' || !this.failed.delete(instrumentId)) return false;
    // Another instrument of the module may still be down; its reason is the one to show.
    const [still] = this.failed;
    if (still) this.setState('degraded', `instrument ${still[0]}: ${still[1]}`);
    else this.setState('running');
    return true;
  }

  /** The module's config and state, to {@link restore} after an undone change. */
  snapshot(): ModuleSnapshot {
    return { config: this.config, state: this.state, stateReason: this.stateReason, failed: new Map(this.failed) };
  }

  /** Puts back what {@link snapshot} saved (a module put back running begins a new run). */
  restore(saved: ModuleSnapshot): void {
    this.config = saved.config;
    this.failed.clear();
    for (const [id, reason] of saved.failed) this.failed.set(id, reason);
    this.setState(saved.state, saved.stateReason);
  }

  /** A role lost its instrument (forced removal): stop if running and show as degraded. */
  roleLost(role: string, instrumentId: string): void {
    const { [role]: _gone, ...rest } = this.config.roles;
    this.config = { ...this.config, roles: rest };
    this.failed.clear();
    this.setState('degraded', `role "${role}" lost instrument "${instrumentId}"`);
  }

  /**
   * Re-derives the resting state after a role change (degraded while a required role is empty).
   * A module waiting for a failed instrument forgets that wait: with its roles changed, the
   * instrument it waited for may no longer be one it uses, so it waits for a manual start.
   */
  refreshIdleState(): void {
    if (this.state === 'running') return;
    if (this.failed.size > 0) {
      this.failed.clear();
      this.setState('stopped');
    }
    const unfilled = this.unfilledRequiredRoles();
    if (unfilled.length > 0) this.setState('degraded', `role ${unfilled.map((r) => `"${r}"`).join(', ')} unfilled`);
    else if (this.state === 'degraded') this.setState('idle');
  }

  /** Feeds a reading of one of its instruments to its run; answers whether its figures changed. */
  observe(reading: Reading): boolean {
    return this.state === 'running' && this.run !== undefined && this.run.observe(reading);
  }

  view(): ModuleView {
    const { type, roles: _roles, ...params } = this.config;
    const startBlock = this.runs ? this.cannotStart() : undefined;
    if (this.runs) this.reportedStartBlock = startBlock;
    return {
      id: this.id,
      type,
      state: this.state,
      ...(this.stateReason ? { stateReason: this.stateReason } : {}),
      roles: this.roles(),
      params: params as Record<string, ParamValue>,
      stats: { ...(this.run?.stats ?? {}) },
      ...(this.runs ? { canStart: startBlock === undefined, ...(startBlock ? { cannotStartReason: startBlock } : {}) } : {}),
      ...(this.run ? { run: this.run.summary() } : {}),
    };
  }

  /**
   * Every state change goes through here, and the run follows it: a module that became meant
   * to run (started, or put back running) begins a run; one that no longer is ends its run,
   * `runReason` (or the state's reason) kept with it.
   */
  private setState(state: ModuleState, reason?: string, runReason: string | undefined = reason): void {
    this.state = state;
    this.stateReason = reason;
    const live = this.run?.live === true;
    if (this.active && !live && this.runs) this.run = this.runs.begin(this);
    else if (!this.active && live) this.run?.end(runEndFor(state), runReason);
  }
}
