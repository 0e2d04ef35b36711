/**
 * A configured module and its state. A module reads its instruments' readings through the
 * core (never holding drivers); the power monitor keeps live statistics of its power role.
 */
import { AppError } from '../../../shared/errors.js';
import type { ModuleConfig } from '../../../shared/model/config.js';
import { isModuleType, moduleTypes, type RoleSpec } from '../../../shared/model/module-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentStatus, ModuleState, ModuleView, Reading } from '../../../shared/model/runtime.js';

/** What {@link ModuleRuntime.restore} needs to put a module back as it was (an undone reload). */
export interface ModuleSnapshot {
  readonly config: ModuleConfig;
  readonly state: ModuleState;
  readonly stateReason: string | undefined;
  readonly failed: ReadonlyMap<string, string>;
}

/** One configured module: its config, its state (and why) and its live stats. */
export class ModuleRuntime {
  state: ModuleState = 'idle';
  stateReason: string | undefined;
  private stats: Record<string, number> = {};
  /**
   * Instruments of the module in error (id → reason) while it was running. Non-empty means the
   * module is degraded but still meant to run: it resumes once all of them run again.
   */
  private readonly failed = new Map<string, string>();

  constructor(
    readonly id: string,
    public config: ModuleConfig,
  ) {}

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
    this.stats = {};
    this.failed.clear();
    this.setState('running');
  }

  /**
   * Running, or degraded only because an instrument failed while it ran (it will resume): either
   * way the module is meant to run, so stopping it is allowed and a role change stops it.
   */
  get active(): boolean {
    return this.state === 'running' || this.failed.size > 0;
  }

  /** Stops a running module, or one waiting for a failed instrument (it then no longer resumes). */
  stop(): void {
    if (!this.active) throw new AppError('INVALID_STATE', `module "${this.id}" is not running (${this.state})`);
    this.failed.clear();
    this.setState('stopped');
  }

  /**
   * Follows the status of one of its instruments: an instrument in error degrades a module that
   * was running (with the instrument's reason); once every failed instrument runs again the
   * module runs again, stats kept. Answers whether the module's state changed.
   */
  followInstrument(instrumentId: string, status: InstrumentStatus, reason = 'error'): boolean {
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

  /** Puts back what {@link snapshot} saved; the stats stay, as they were never reset. */
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

  /** Feeds a reading of one of its instruments; answers whether its stats changed. */
  observe(reading: Reading): boolean {
    if (this.state !== 'running' || this.config.type !== 'power_meter') return false;
    const powerInstrument = this.config.roles['power_meter'];
    if (!powerInstrument || reading.channel !== `${powerInstrument}:power`) return false;
    const low = Number(this.config['low_threshold'] ?? 0);
    const high = Number(this.config['high_threshold'] ?? Infinity);
    this.stats['samples'] = (this.stats['samples'] ?? 0) + 1;
    this.stats['last_w'] = reading.value;
    if (reading.value < low) this.stats['below'] = (this.stats['below'] ?? 0) + 1;
    if (reading.value > high) this.stats['above'] = (this.stats['above'] ?? 0) + 1;
    return true;
  }

  view(): ModuleView {
    const { type, roles: _roles, ...params } = this.config;
    return {
      id: this.id,
      type,
      state: this.state,
      ...(this.stateReason ? { stateReason: this.stateReason } : {}),
      roles: this.roles(),
      params: params as Record<string, ParamValue>,
      stats: { ...this.stats },
    };
  }

  private setState(state: ModuleState, reason?: string): void {
    this.state = state;
    this.stateReason = reason;
  }
}
