/**
 * A driver's hold on one port: ownership, the open port, its request/reply link, and
 * reconnection. When the port goes away (USB cable pulled, simulator killed) the pending and
 * queued commands fail at once, the owner is told ("port … disconnected, reconnecting"), and the
 * port is reopened with backoff; once it is back and the device answers its initialisation again,
 * the owner is told it recovered. Nothing has to be restarted.
 */
import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import { Backoff } from '../../../shared/retry/backoff.js';
import type { Framing } from './framing.js';
import type { SerialEnv } from './serial-env.js';
import { SerialLink, type Requester, type SerialCommand } from './serial-link.js';
import type { SerialOpenOptions, SerialPortLike } from './serial-port-like.js';

/** How long a port close may take before its claim is released anyway. */
const CLOSE_TIMEOUT_MS = 2000;
/**
 * What arrives this soon after a port opens is dropped before the first command: it answers a
 * query of whoever had the port before (a process killed mid-query, its device replying late,
 * or the reply waiting in the port's buffer), and taken as the answer to our first query it
 * would make a healthy instrument look broken.
 */
export const OPEN_QUIET_MS = 50;

/** What the owner of a connection hears and provides. */
export interface ConnectionHooks {
  /** Brings the device to its configured state; runs after every (re)open, before requests flow. */
  initialise(link: Requester): Promise<void>;
  /** The port went away; `reason` is what the GUI shows while reconnecting. */
  lost(reason: string): void;
  /** The port is back and initialised. */
  restored(): void;
  /** Something worked only partly (RTS/DTR on a pty); the log shows it. */
  warn(message: string): void;
}

/** A connection's port, framing, environment and hooks. */
export interface ConnectionOptions {
  /** The instrument id: the port's owner. */
  readonly owner: string;
  readonly port: SerialOpenOptions;
  readonly framing: Framing;
  readonly env: SerialEnv;
  readonly hooks: ConnectionHooks;
}

/** One instrument's connection to its port. */
export class SerialConnection implements Requester {
  private port: SerialPortLike | undefined;
  private link: SerialLink | undefined;
  private up = false;
  private closed = false;
  private release: (() => void) | undefined;
  private wake: (() => void) | undefined;
  /** Settles when a running reconnection loop has ended (for orderly closing). */
  private reconnecting: Promise<void> | undefined;

  constructor(private readonly options: ConnectionOptions) {}

  get path(): string {
    return this.options.port.path;
  }

  /** True while the port is open and initialised. */
  get isUp(): boolean {
    return this.up;
  }

  /** Claims and opens the port and initialises the device; on failure nothing is left held. */
  async open(): Promise<void> {
    this.release = this.options.env.ownership.claim(this.path, this.options.owner);
    try {
      await this.attach();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** Runs a command on the current link; fails at once while the port is away. */
  request(command: SerialCommand): Promise<string | undefined> {
    if (!this.up || !this.link) {
      const state = this.closed ? 'closed' : 'disconnected, reconnecting';
      return Promise.reject(new AppError('UNAVAILABLE', `serial port ${this.path} is ${state}`, { port: this.path }));
    }
    const port = this.port;
    return this.link.request(command).catch((err: unknown) => {
      if (port && isWriteFailure(err)) this.dropPort(port, 'write failed');
      if (err instanceof AppError && err.code === 'TIMEOUT' && port) this.checkStillThere(port);
      throw err;
    });
  }

  /**
   * The port broke under us (a write failed with EIO before the OS reported the close): same
   * as a pulled cable. Its own close event, when it comes, is ignored.
   */
  private dropPort(port: SerialPortLike, reason: string): void {
    if (this.port !== port) return;
    this.portLost(reason);
    void port.close().catch(() => undefined);
  }

  /**
   * A port whose device node vanished right after opening may never report its close (the OS
   * had not started a read yet). When a command times out, a missing device node counts as a
   * pulled cable, so reconnection still starts.
   */
  private checkStillThere(port: SerialPortLike): void {
    if (this.path.startsWith('sim://') || /^(\\\\\.\\)?COM\d+$/i.test(this.path) || existsSync(this.path)) return;
    this.dropPort(port, 'device node gone');
  }

  /** Stops reconnecting, fails what is pending, closes the port and releases ownership. */
  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    this.wake?.();
    this.link?.fail(new AppError('UNAVAILABLE', `serial port ${this.path} was closed`, { port: this.path }));
    this.link = undefined;
    const port = this.port;
    this.port = undefined;
    // Bounded: a close the OS never completes (a hung USB adapter) must not keep the port
    // claimed by an instrument that is gone, or re-adding one on that port would be refused.
    await Promise.race([port?.close().catch(() => undefined), new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref?.())]);
    await this.reconnecting;
    this.release?.();
    this.release = undefined;
  }

  private async attach(): Promise<void> {
    const port = await this.options.env.open(this.options.port);
    if (this.closed) {
      await port.close();
      throw new AppError('UNAVAILABLE', `serial port ${this.path} was closed`);
    }
    this.port = port;
    for (const w of port.warnings) this.options.hooks.warn(w);
    const link = new SerialLink(port, this.options.framing, { quietFirstMs: OPEN_QUIET_MS });
    this.link = link;
    port.onClose((closed) => {
      if (this.port === port) this.portLost(closed.reason);
    });
    try {
      await this.options.hooks.initialise(link);
    } catch (err) {
      this.port = undefined;
      this.link = undefined;
      link.fail(new AppError('UNAVAILABLE', `serial port ${this.path} was closed`));
      await port.close().catch(() => undefined);
      throw err;
    }
    this.up = true;
  }

  private portLost(reason: string | undefined): void {
    if (this.closed) return;
    this.up = false;
    this.port = undefined;
    const message = `port ${this.path} disconnected, reconnecting`;
    this.link?.fail(new AppError('UNAVAILABLE', `serial port ${this.path} disconnected${reason ? ` (${reason})` : ''}`, { port: this.path }));
    this.link = undefined;
    this.options.hooks.lost(message);
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(): Promise<void> {
    const backoff = new Backoff(this.options.env.backoff);
    while (!this.closed) {
      await this.sleep(backoff.next());
      if (this.closed) return;
      try {
        await this.attach();
      } catch {
        continue; // Still away, or the device not answering yet: try again later.
      }
      if (this.closed) return;
      this.options.hooks.restored();
      return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function isWriteFailure(err: unknown): boolean {
  return err instanceof AppError && err.code === 'UNAVAILABLE' && (err.details as { reason?: string } | undefined)?.reason === 'write-failed';
}
