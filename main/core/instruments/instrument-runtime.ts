/**
 * One configured instrument and its driver: an explicit state machine (starting → running /
 * error, stopping → stopped) with a timeout on every driver call. A driver that hangs or
 * throws becomes status `error` with the reason; nothing is left "running" with no data.
 */
import { AppError } from '../../../shared/errors.js';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentStatus } from '../../../shared/model/runtime.js';
import { Backoff, type BackoffOptions } from '../../../shared/retry/backoff.js';
import type { Clock, DriverFactory, InstrumentDriver } from './driver.js';

export interface RuntimeHooks {
  readonly clock: Clock;
  onReading(channel: string, value: number, unit: string, timestamp: number): void;
  onStatus(): void;
  /** A driver's warning (a setting the port could not take); the log shows it. */
  onWarning?(message: string): void;
  /**
   * Runs a state change that does not come from a command (a driver's fault or recovery, a
   * background reconnect) in the actor's mailbox, so it never interleaves with a command that
   * is changing the same instrument. Without it (unit tests) the change runs at once.
   */
  schedule?(work: () => void): void;
}

export interface Timeouts {
  readonly connectMs: number;
  readonly applyMs: number;
  readonly stopMs: number;
}

export const defaultTimeouts: Timeouts = { connectMs: 5000, applyMs: 2000, stopMs: 6000 };

/** Races a driver call against a timeout; the timeout is an error, not a hang. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('TIMEOUT', `${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A device that is not there yet: 1 s doubling to 30 s, shortened by up to a fifth. */
export const reconnectBackoff: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class InstrumentRuntime {
  status: InstrumentStatus = 'stopped';
  statusReason: string | undefined;
  private driver: InstrumentDriver | undefined;
  /** Bumped on every start/stop so late callbacks of an old driver are ignored. */
  private generation = 0;
  /** True while the status is `error` because the running driver reported a fault it may recover from. */
  private faulted = false;
  /** Pending retry of a failed connect (see {@link keepTrying}). */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly retryDelays = new Backoff(reconnectBackoff);
  /** Whether the last connect failed for a reason that waiting cannot fix (no driver at all). */
  private permanentFailure = false;

  constructor(
    readonly id: string,
    public config: InstrumentConfig,
    private readonly factory: DriverFactory,
    private readonly hooks: RuntimeHooks,
    private readonly timeouts: Timeouts = defaultTimeouts,
  ) {}

  /** Connects; on failure the status is `error` with the reason and the error is rethrown. */
  async start(options: { quiet?: boolean } = {}): Promise<void> {
    this.cancelRetry();
    const generation = ++this.generation;
    this.faulted = false;
    // A background retry keeps showing the error instead of flickering to "starting"; a start
    // asked for by a command begins a fresh run of retries.
    if (!options.quiet) {
      this.retryDelays.reset();
      this.setStatus('starting');
    }
    const driver = this.factory({
      id: this.id,
      clock: this.hooks.clock,
      emit: (channel, value, unit, timestamp) => {
        if (generation === this.generation && this.status === 'running') {
          this.hooks.onReading(channel, value, unit, timestamp ?? this.hooks.clock.now());
        }
      },
      fault: (reason) =>
        this.schedule(() => {
          // A newer reason replaces an older fault's (a failing poll, then the cable pulled).
          if (generation !== this.generation || (this.status !== 'running' && !this.faulted)) return;
          this.faulted = true;
          this.setStatus('error', reason);
        }),
      recovered: () =>
        this.schedule(() => {
          if (generation !== this.generation || !this.faulted) return;
          this.faulted = false;
          this.setStatus('running');
        }),
      warn: (message) => {
        if (generation === this.generation) this.hooks.onWarning?.(message);
      },
    });
    this.driver = driver;
    // A background retry connects outside the mailbox (a slow device never holds up commands);
    // what it found out changes the state inside it, where no command is changing this instrument.
    const settle = (work: () => void): void => (options.quiet ? this.schedule(work) : work());
    try {
      await withTimeout(driver.connect(this.config), this.timeouts.connectMs, `connecting ${this.id}`);
      if (generation !== this.generation) {
        // Stopped or restarted while connecting: this driver is no longer ours, release its port.
        await withTimeout(driver.disconnect(), this.timeouts.stopMs, `releasing ${this.id}`).catch(() => undefined);
        return;
      }
      settle(() => {
        if (generation !== this.generation) return;
        this.retryDelays.reset();
        this.setStatus('running');
      });
    } catch (err) {
      this.permanentFailure = err instanceof AppError && (err.details as { permanent?: boolean } | undefined)?.permanent === true;
      settle(() => {
        if (generation === this.generation) this.setStatus('error', reasonOf(err));
      });
      // Bounded like every other driver call: a device that hung on connect may hang on
      // disconnect too, and an unbounded wait here would block the actor's mailbox for good.
      await withTimeout(driver.disconnect(), this.timeouts.stopMs, `releasing ${this.id}`).catch(() => undefined);
      throw err;
    }
  }

  /**
   * After a failed connect (an adapter not plugged in yet, a device still powering up), keeps
   * trying with backoff ({@link reconnectBackoff}) until it runs or is stopped, so the instrument
   * comes up when the device appears, without a restart. Not for a type with no driver at all.
   */
  keepTrying(): void {
    if (this.status !== 'error' || this.faulted || this.permanentFailure || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const generation = this.generation;
      // Decided in the mailbox: a command that stopped, removed or restarted the instrument
      // meanwhile has moved the generation on, and the retry is dropped. The connect itself
      // then runs outside, so a slow device never holds up the commands.
      this.schedule(() => {
        if (generation !== this.generation || this.status !== 'error') return;
        this.start({ quiet: true }).catch(() => this.schedule(() => this.keepTrying()));
      });
    }, this.retryDelays.next());
    this.retryTimer.unref?.();
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Disconnects; a driver that does not stop in time is abandoned and reported. */
  async stop(): Promise<void> {
    this.cancelRetry();
    const driver = this.driver;
    this.generation += 1;
    this.driver = undefined;
    if (!driver) {
      this.setStatus('stopped');
      return;
    }
    try {
      await withTimeout(driver.disconnect(), this.timeouts.stopMs, `stopping ${this.id}`);
      this.setStatus('stopped');
    } catch (err) {
      this.setStatus('error', `did not stop cleanly: ${reasonOf(err)}`);
      throw err;
    }
  }

  /** Applies one parameter to the running driver with `nextConfig` as the new configuration. */
  async applyLive(path: string, value: ParamValue, nextConfig: InstrumentConfig): Promise<void> {
    if (!this.driver || this.status !== 'running') {
      throw new AppError('INVALID_STATE', `instrument "${this.id}" is not running (${this.status})`);
    }
    try {
      await withTimeout(this.driver.applyParameter(path, value, nextConfig), this.timeouts.applyMs, `setting ${path} on ${this.id}`);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('DEVICE_ERROR', `${this.id} refused ${path}: ${reasonOf(err)}`);
    }
    this.config = nextConfig;
  }

  /**
   * Runs one device action (a move, a shutter, zeroing) on the running driver, bounded by
   * `timeoutMs`; the caller has checked the action and its arguments against the type's table.
   */
  async runAction(action: string, args: ActionArgs, timeoutMs: number): Promise<ActionOutcome> {
    const driver = this.driver;
    if (!driver || this.status !== 'running') {
      throw new AppError('INVALID_STATE', `instrument "${this.id}" is not running (${this.status})`);
    }
    if (!driver.runAction) throw new AppError('VALIDATION', `instrument "${this.id}" (${this.config.type}) has no actions`);
    try {
      return await withTimeout(driver.runAction(action, args), timeoutMs, `${action} on ${this.id}`);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('DEVICE_ERROR', `${this.id} refused ${action}: ${reasonOf(err)}`);
    }
  }

  private schedule(work: () => void): void {
    if (this.hooks.schedule) this.hooks.schedule(work);
    else work();
  }

  private setStatus(status: InstrumentStatus, reason?: string): void {
    this.status = status;
    this.statusReason = reason;
    this.hooks.onStatus();
  }
}
