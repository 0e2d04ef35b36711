/**
 * Thorlabs ELL14 rotators: one instrument per bus, its `device_addresses` the mounts on it. At
 * connect every mount must answer its info query (which also gives its pulses per turn); a
 * configured velocity is set on each and read back. It polls every mount's position, emitted as
 * `device<hex address>_position` in degrees.
 */
import { AppError } from '../../../../shared/errors.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../../shared/model/parameters.js';
import type { Framing, Requester, SerialOpenOptions } from '../../serial/index.js';
import { SerialInstrument } from '../serial-instrument.js';
import { ElliptecBus } from './elliptec-bus.js';
import { addressDigit, ELLIPTEC_NAME, elliptecFraming } from './elliptec-protocol.js';

function addressesOf(config: InstrumentConfig): number[] {
  const list = config['device_addresses'];
  return Array.isArray(list) ? list.filter((a): a is number => typeof a === 'number') : [0];
}

/** The `elliptec` instrument: one bus, every mount in `device_addresses`. */
export class ElliptecDriver extends SerialInstrument {
  protected readonly deviceName = ELLIPTEC_NAME;
  protected readonly defaultPollingHz = 2;
  private bus: ElliptecBus | undefined;

  protected framing(): Framing {
    return { ...elliptecFraming, replyTimeoutMs: this.replyTimeout(elliptecFraming.replyTimeoutMs) };
  }

  protected portOptions(config: InstrumentConfig): Omit<SerialOpenOptions, 'path'> {
    return { baudRate: typeof config['baud_rate'] === 'number' ? config['baud_rate'] : 9600, flowControl: 'none' };
  }

  protected async initialise(link: Requester, config: InstrumentConfig): Promise<void> {
    const info = new Map();
    const bus = new ElliptecBus(link, info);
    for (const address of addressesOf(config)) {
      try {
        await bus.identify(address);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new AppError(err instanceof AppError ? err.code : 'DEVICE_ERROR', `no ${ELLIPTEC_NAME} answers at bus address ${addressDigit(address)}: ${reason}`, { address });
      }
    }
    const velocity = config['velocity'];
    if (typeof velocity === 'number') await this.setVelocity(bus, addressesOf(config), velocity);
    // Later commands go through the connection (so they follow reconnects), with the mounts'
    // info just read.
    this.bus = new ElliptecBus({ request: (command) => this.request(command) }, info);
  }

  protected async poll(): Promise<void> {
    const bus = this.requireBus();
    for (const address of addressesOf(this.config)) {
      this.ctx.emit(`device${addressDigit(address)}_position`, await bus.position(address), 'deg');
    }
  }

  protected async apply(path: string, value: ParamValue): Promise<void> {
    if (path !== 'velocity') throw new AppError('VALIDATION', `${ELLIPTEC_NAME} has no live parameter "${path}"`);
    await this.setVelocity(this.requireBus(), addressesOf(this.config), Number(value));
  }

  /** Moves one mount to an absolute angle (PositionControl); resolves when it has arrived. */
  async moveAbsolute(address: number, degrees: number): Promise<number> {
    return this.requireBus().moveAbsolute(address, degrees);
  }

  /**
   * Moves and homing answer only once the mount is there, so they finish with its position.
   * One queue serves the whole bus: a stop waits for a move in flight to answer first.
   */
  async runAction(action: string, args: ActionArgs): Promise<ActionOutcome> {
    const bus = this.requireBus();
    const address = typeof args['address'] === 'number' ? args['address'] : undefined;
    switch (action) {
      case 'move_to':
        return { completed: true, position: await bus.moveAbsolute(address ?? 0, Number(args['angle'])) };
      case 'home':
        return { completed: true, position: await bus.home(address ?? 0) };
      case 'stop':
        for (const a of address === undefined ? addressesOf(this.config) : [address]) await bus.stop(a);
        return { completed: true };
      default:
        throw this.unknownAction(action);
    }
  }

  private async setVelocity(bus: ElliptecBus, addresses: readonly number[], percent: number): Promise<void> {
    for (const address of addresses) {
      const actual = await bus.setVelocity(address, percent);
      if (actual !== Math.round(percent)) {
        throw new AppError('DEVICE_ERROR', `${ELLIPTEC_NAME} at address ${addressDigit(address)} did not take velocity ${percent} %: it reports ${actual} %`);
      }
    }
  }

  private requireBus(): ElliptecBus {
    if (!this.bus) throw new AppError('INVALID_STATE', `${this.ctx.id} is not connected`);
    return this.bus;
  }
}
