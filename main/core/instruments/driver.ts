/**
 * What the core needs of an instrument driver. A driver gets its configuration explicitly
 * (the predecessor's drivers re-read static settings by id and ignored the inline config of a
 * dynamic add) and reports readings and faults through its context.
 */
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../shared/model/parameters.js';

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export interface DriverContext {
  readonly id: string;
  readonly clock: Clock;
  /** Reports one reading of `channel` (a bare channel name; the core namespaces it). */
  emit(channel: string, value: number, unit: string, timestamp?: number): void;
  /** Reports that the running instrument failed (device gone, stream broken). */
  fault(reason: string): void;
  /**
   * Reports that the fault is over (the port came back, the device answers again): the
   * instrument shows running again without a restart.
   */
  recovered?(): void;
  /** Reports a problem that does not stop the instrument (RTS/DTR a pty cannot take). */
  warn?(message: string): void;
}

export interface InstrumentDriver {
  /** Opens the device with this configuration and starts streaming; rejects when it cannot. */
  connect(config: InstrumentConfig): Promise<void>;
  /**
   * Applies one live parameter (`wavelength`, `axis1.velocity`) and resolves once the device
   * has taken it; rejects when it refused.
   */
  applyParameter(path: string, value: ParamValue, config: InstrumentConfig): Promise<void>;
  /**
   * Runs one action of the type's action table (shared/model/instrument-actions.ts) whose
   * arguments the core has already checked; resolves once the device took it, or finished
   * where the device says so. Absent on a driver whose type has no actions.
   */
  runAction?(action: string, args: ActionArgs): Promise<ActionOutcome>;
  /** Stops streaming and releases the device; must not reject for an already closed device. */
  disconnect(): Promise<void>;
}

export type DriverFactory = (ctx: DriverContext) => InstrumentDriver;
