/**
 * Newport 1830-C optical power meter. At connect (and after a reconnect) it sets the units,
 * wavelength, range, attenuator and filter of the config, confirms what the meter can report
 * back (`W?`, `U?`, `R?`) and takes one reading to prove the meter answers. It then polls `D?`.
 */
import { AppError } from '../../../../shared/errors.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../../shared/model/parameters.js';
import type { Framing, Requester, SerialOpenOptions } from '../../serial/index.js';
import { SerialInstrument } from '../serial-instrument.js';
import { NEWPORT_NAME, newportFraming, parseInteger, parseReading, unitOfWire, wavelengthCommand, wireUnits, ZERO_COMMAND } from './newport-1830c-protocol.js';

const num = (config: InstrumentConfig, key: string): number | undefined => (typeof config[key] === 'number' ? (config[key] as number) : undefined);

/** The `newport_1830c` instrument. */
export class Newport1830cDriver extends SerialInstrument {
  protected readonly deviceName = NEWPORT_NAME;
  protected readonly defaultPollingHz = 10;
  /** The wire units code in force (1 W … 4 REL), which decides the readings' unit. */
  private wire = 1;

  protected framing(): Framing {
    return { ...newportFraming, replyTimeoutMs: this.replyTimeout(newportFraming.replyTimeoutMs) };
  }

  protected portOptions(config: InstrumentConfig): Omit<SerialOpenOptions, 'path'> {
    return { baudRate: num(config, 'baud_rate') ?? 9600, flowControl: 'none' };
  }

  protected async initialise(link: Requester, config: InstrumentConfig): Promise<void> {
    const say = (text: string): Promise<unknown> => link.request({ text, expectsReply: false });
    const ask = async (text: string): Promise<string> => (await link.request({ text, expectsReply: true })) as string;
    // W mode by default, so readings parse as scientific notation in watts.
    this.wire = wireUnits(num(config, 'units') ?? 0);
    await say(`U${this.wire}`);
    const wavelength = num(config, 'wavelength');
    if (wavelength !== undefined) await say(wavelengthCommand(wavelength));
    const range = num(config, 'range');
    if (range !== undefined) await say(`R${range}`);
    const attenuator = num(config, 'attenuator');
    if (attenuator !== undefined) await say(`A${attenuator}`);
    const filter = num(config, 'filter');
    if (filter !== undefined) await say(`F${filter}`);
    this.confirm('units', `U${this.wire}`, parseInteger(await ask('U?'), 'U?'), this.wire);
    if (wavelength !== undefined) this.confirm('wavelength', wavelengthCommand(wavelength), parseInteger(await ask('W?'), 'W?'), Math.round(wavelength));
    // No identity query exists on the 1830-C: a reading proves a meter answers (an out-of-range
    // signal too; that is the optics, not the connection).
    const probe = await ask('D?');
    if (!/OVER|UNDER|SAT/i.test(probe)) parseReading(probe);
  }

  /** One power reading, in the unit the meter is set to. */
  async readPower(): Promise<{ value: number; unit: string }> {
    return { value: parseReading(await this.query('D?')), unit: unitOfWire(this.wire) };
  }

  protected async poll(): Promise<void> {
    const { value, unit } = await this.readPower();
    this.ctx.emit('power', value, unit);
  }

  protected async apply(path: string, value: ParamValue, _config: InstrumentConfig): Promise<void> {
    const n = Number(value);
    switch (path) {
      case 'wavelength':
        await this.send(wavelengthCommand(n));
        return this.confirm('wavelength', wavelengthCommand(n), parseInteger(await this.query('W?'), 'W?'), Math.round(n));
      case 'range': {
        await this.send(`R${n}`);
        const range = parseInteger(await this.query('R?'), 'R?');
        // Auto range (R0) reads back the range the meter picked, 1-8.
        return n === 0 ? this.confirm('range', 'R0', range >= 1 && range <= 8 ? 0 : range, 0) : this.confirm('range', `R${n}`, range, n);
      }
      case 'units': {
        const wire = wireUnits(n);
        await this.send(`U${wire}`);
        this.confirm('units', `U${wire}`, parseInteger(await this.query('U?'), 'U?'), wire);
        this.wire = wire;
        return;
      }
      case 'attenuator':
        // The meter has no query for these: written, not confirmed.
        return this.send(`A${n}`);
      case 'filter':
        return this.send(`F${n}`);
      default:
        throw new AppError('VALIDATION', `${NEWPORT_NAME} has no live parameter "${path}"`);
    }
  }

  /** Zeroing is silent and has no query to confirm it: done once written. */
  async runAction(action: string, _args: ActionArgs): Promise<ActionOutcome> {
    if (action !== 'zero') throw this.unknownAction(action);
    await this.send(ZERO_COMMAND);
    return { completed: false };
  }

  private confirm(what: string, command: string, actual: number, expected: number): void {
    if (actual !== expected) {
      throw new AppError('DEVICE_ERROR', `${NEWPORT_NAME} did not take ${what}: sent ${command}, it reports ${actual}`, { command, actual, expected });
    }
  }
}
