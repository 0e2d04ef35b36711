/**
 * What the four serial drivers share: open the port through the core's serial environment,
 * bring the device to its configured state (again after every reconnect), poll it at
 * `polling_rate_hz` without ever overlapping two polls, and turn poll failures into a visible
 * fault that clears by itself when the device answers again.
 */
import { AppError } from '../../../shared/errors.js';
import type { InstrumentConfig } from '../../../shared/model/config.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import { SerialConnection, type Framing, type Requester, type SerialCommand, type SerialEnv, type SerialOpenOptions } from '../serial/index.js';
import type { DriverContext, InstrumentDriver } from './driver.js';

/** Parameters every serial driver takes without talking to the device. */
const hostOnlyParams = new Set(['name', 'polling_rate_hz']);

/** Base of the serial drivers: connection, initialisation, polling and its faults. */
export abstract class SerialInstrument implements InstrumentDriver {
  protected config: InstrumentConfig = { type: '' };
  private connection: SerialConnection | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private pollFailing = false;

  constructor(
    protected readonly ctx: DriverContext,
    protected readonly env: SerialEnv,
  ) {}

  /** The device's name in messages ("Newport 1830-C"). */
  protected abstract readonly deviceName: string;
  /** Default polling rate when the config has none, Hz. */
  protected abstract readonly defaultPollingHz: number;
  protected abstract framing(): Framing;
  /** Baud rate, flow control and modem lines for this config. */
  protected abstract portOptions(config: InstrumentConfig): Omit<SerialOpenOptions, 'path'>;
  /** Identity check and configured settings; runs at connect and after every reconnect. */
  protected abstract initialise(link: Requester, config: InstrumentConfig): Promise<void>;
  /** Reads the device once and emits its readings. */
  protected abstract poll(): Promise<void>;
  /** Sends one live device parameter and confirms it; `config` is the new configuration. */
  protected abstract apply(path: string, value: ParamValue, config: InstrumentConfig): Promise<void>;

  async connect(config: InstrumentConfig): Promise<void> {
    const port = config['port'];
    if (typeof port !== 'string' || port.trim() === '') throw new AppError('VALIDATION', `${this.ctx.id}: no serial port configured`);
    this.config = config;
    const connection = new SerialConnection({
      owner: this.ctx.id,
      port: { path: port.trim(), ...this.portOptions(config) },
      framing: this.framing(),
      env: this.env,
      hooks: {
        initialise: (link) => this.initialise(link, this.config),
        lost: (reason) => this.ctx.fault(reason),
        restored: () => {
          this.pollFailing = false;
          this.ctx.recovered?.();
        },
        warn: (message) => this.ctx.warn?.(`${this.ctx.id}: ${message}`),
      },
    });
    this.connection = connection;
    await connection.open();
    this.polling = true;
    this.schedule(0);
  }

  async applyParameter(path: string, value: ParamValue, config: InstrumentConfig): Promise<void> {
    if (!hostOnlyParams.has(path)) await this.apply(path, value, config);
    this.config = config;
  }

  async disconnect(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  /** Runs one command on the device (fails at once while the port is away). */
  protected request(command: SerialCommand): Promise<string | undefined> {
    if (!this.connection) return Promise.reject(new AppError('INVALID_STATE', `${this.ctx.id} is not connected`));
    return this.connection.request(command);
  }

  /** A query's reply; a query always has one. */
  protected async query(text: string, timeoutMs?: number): Promise<string> {
    return (await this.request({ text, expectsReply: true, ...(timeoutMs !== undefined ? { timeoutMs } : {}) })) as string;
  }

  /** A command the device never answers: written, not waited on. */
  protected async send(text: string): Promise<void> {
    await this.request({ text, expectsReply: false });
  }

  /** The error for an action this device does not have (the core checks the table first). */
  protected unknownAction(action: string): AppError {
    return new AppError('VALIDATION', `${this.deviceName} has no action "${action}"`);
  }

  /** The reply timeout of this device, or the environment's override. */
  protected replyTimeout(deviceDefaultMs: number): number {
    return this.env.replyTimeoutMs ?? deviceDefaultMs;
  }

  private pollingPeriodMs(): number {
    const hz = typeof this.config['polling_rate_hz'] === 'number' ? this.config['polling_rate_hz'] : this.defaultPollingHz;
    return 1000 / Math.max(0.1, hz);
  }

  private schedule(delayMs: number): void {
    if (!this.polling) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    await this.pollOnce();
    this.schedule(Math.max(0, this.pollingPeriodMs() - (Date.now() - started)));
  }

  private async pollOnce(): Promise<void> {
    if (!this.connection?.isUp) return; // Reconnecting: the connection reports that itself.
    try {
      await this.poll();
      if (this.pollFailing) {
        this.pollFailing = false;
        this.ctx.recovered?.();
      }
    } catch (err) {
      if (!this.polling || !this.connection?.isUp) return;
      const reason = err instanceof Error ? err.message : String(err);
      if (!this.pollFailing) this.ctx.fault(reason);
      this.pollFailing = true;
    }
  }
}
