/**
 * What a module's run may ask of the core, and nothing more: instrument actions go through the
 * actor's mailbox like any command (checked there against the instrument's state and against
 * who owns its motion), readings come from the feed, and state changes are scheduled into the
 * mailbox. A run never holds a driver.
 */
import type { ActionArgs, ActionOutcome } from '../../../shared/model/instrument-actions.js';
import type { ChannelSpec } from '../../../shared/model/capabilities.js';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { InstrumentStatus, LogEntry, Reading } from '../../../shared/model/runtime.js';
import type { WaitOptions } from './readings-feed.js';

/** An instrument as a module sees it. */
export interface InstrumentInfo {
  readonly id: string;
  readonly config: InstrumentConfig;
  readonly status: InstrumentStatus;
  readonly statusReason?: string;
  /** Its channels as the type registry names them (bare names). */
  readonly channels: readonly ChannelSpec[];
}

/** Where runs are recorded, and the configuration they were recorded under. */
export interface StorageSettings {
  /** Absolute: `[storage] default_path`, relative to the config file's folder. */
  readonly folder: string;
  readonly format: string;
  readonly configFile: string;
  /** Content hash of the config text the running configuration reflects. */
  readonly revision?: string;
  /** Changes made in the app that are not in that text yet. */
  readonly pendingChanges: number;
}

export interface ModuleHost {
  now(): number;
  /**
   * Runs an instrument action for module `owner`: checked and started in the mailbox, then
   * awaited outside it, so a long move holds up no command. Refused once the owner stopped.
   */
  act(owner: string, instrumentId: string, action: string, args: ActionArgs): Promise<ActionOutcome>;
  latest(channel: string): Reading | undefined;
  /** The next reading of `channel` from now on. */
  next(channel: string, options: WaitOptions): Promise<Reading>;
  instrument(id: string): InstrumentInfo | undefined;
  /** The storage settings of the loaded config (undefined while the file is invalid). */
  storage(): StorageSettings | undefined;
  /** Runs a state change in the mailbox (a run that ended by itself). */
  schedule(work: () => void): void;
  /** The module's live figures changed: they go out with the next readings tick. */
  touched(moduleId: string): void;
  /** Sends the module's view (and its run's news) now; only from inside the mailbox. */
  publish(moduleId: string): void;
  log(level: LogEntry['level'], message: string, source: string): void;
}
