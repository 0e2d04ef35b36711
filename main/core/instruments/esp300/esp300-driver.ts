/**
 * Newport ESP300 motion controller, up to three axes. At connect it checks the version reply,
 * then sets each configured axis: units first (`nSN`), because the manual says the unit is only a
 * label and velocity and acceleration must be sent again in the new unit, then `nVA` and `nAC`,
 * each confirmed by its query. It polls `nTP?` for every axis in use. RTS/DTR are raised for
 * controllers that want them; a pseudo-terminal refusing them is only a warning.
 */
import { AppError } from '../../../../shared/errors.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import { esp300AxisUnit } from '../../../../shared/model/instrument-types.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../../shared/model/parameters.js';
import type { Framing, Requester, SerialOpenOptions } from '../../serial/index.js';
import { SerialInstrument } from '../serial-instrument.js';
import { axisCommand, checkVersion, ESP300_NAME, esp300Framing, parseAxisValue, sameValue } from './esp300-protocol.js';

type AxisKey = 'units' | 'velocity' | 'acceleration';
const mnemonics: Readonly<Record<AxisKey, string>> = { units: 'SN', velocity: 'VA', acceleration: 'AC' };

function axisTable(config: InstrumentConfig, axis: number): Partial<Record<AxisKey, number>> {
  const t = config[`axis${axis}`];
  return t && typeof t === 'object' && !Array.isArray(t) ? (t as Partial<Record<AxisKey, number>>) : {};
}

/** The `esp300` instrument: one controller, axes 1..`num_axes`. */
export class Esp300Driver extends SerialInstrument {
  protected readonly deviceName = ESP300_NAME;
  protected readonly defaultPollingHz = 5;

  protected framing(): Framing {
    return { ...esp300Framing, replyTimeoutMs: this.replyTimeout(esp300Framing.replyTimeoutMs) };
  }

  protected portOptions(config: InstrumentConfig): Omit<SerialOpenOptions, 'path'> {
    return { baudRate: typeof config['baud_rate'] === 'number' ? config['baud_rate'] : 19200, flowControl: 'none', raiseRtsDtr: true };
  }

  private axes(config: InstrumentConfig = this.config): number[] {
    const n = typeof config['num_axes'] === 'number' ? config['num_axes'] : 3;
    return Array.from({ length: n }, (_, i) => i + 1);
  }

  protected async initialise(link: Requester, config: InstrumentConfig): Promise<void> {
    checkVersion((await link.request({ text: 'VE?', expectsReply: true })) as string);
    for (const axis of this.axes(config)) {
      const table = axisTable(config, axis);
      for (const key of ['units', 'velocity', 'acceleration'] as const) {
        const value = table[key];
        if (value !== undefined) await this.setAxis(link, axis, key, value);
      }
    }
  }

  protected async poll(): Promise<void> {
    for (const axis of this.axes()) {
      const command = axisCommand(axis, 'TP?');
      const position = parseAxisValue(await this.query(command), command);
      this.ctx.emit(`axis${axis}_position`, position, esp300AxisUnit(this.config, axis));
    }
  }

  protected async apply(path: string, value: ParamValue, config: InstrumentConfig): Promise<void> {
    const m = /^axis([1-3])\.(units|velocity|acceleration)$/.exec(path);
    if (!m) throw new AppError('VALIDATION', `${ESP300_NAME} has no live parameter "${path}"`);
    const axis = Number(m[1]);
    const key = m[2] as AxisKey;
    const link = { request: this.request.bind(this) };
    await this.setAxis(link, axis, key, Number(value));
    if (key === 'units') {
      // New units are only a label: velocity and acceleration must be sent again in them.
      const table = axisTable(config, axis);
      if (table.velocity !== undefined) await this.setAxis(link, axis, 'velocity', table.velocity);
      if (table.acceleration !== undefined) await this.setAxis(link, axis, 'acceleration', table.acceleration);
    }
  }

  /** Moves an axis to an absolute position (PositionControl); silent, like every move. */
  async moveAbsolute(axis: number, position: number): Promise<void> {
    await this.send(axisCommand(axis, 'PA', position));
  }

  /** Stops an axis; silent. */
  async stop(axis: number): Promise<void> {
    await this.send(axisCommand(axis, 'ST'));
  }

  /** Starts an origin search on an axis (`nOR`); silent, like a move. */
  async home(axis: number): Promise<void> {
    await this.send(axisCommand(axis, 'OR'));
  }

  /**
   * Moves, homes and stops are silent on the ESP300, so each is done once written: the axis
   * carries on by itself and its position readings show where it is. Stop without an axis
   * stops every axis in use, one `nST` each (the form the manual gives for one axis).
   */
  async runAction(action: string, args: ActionArgs): Promise<ActionOutcome> {
    const axis = typeof args['axis'] === 'number' ? args['axis'] : undefined;
    switch (action) {
      case 'move_to':
        await this.moveAbsolute(axis ?? 1, Number(args['position']));
        return { completed: false };
      case 'home':
        await this.home(axis ?? 1);
        return { completed: false };
      case 'stop':
        for (const a of axis === undefined ? this.axes() : [axis]) await this.stop(a);
        return { completed: false };
      default:
        throw this.unknownAction(action);
    }
  }

  /** True when the axis has finished its move (`nMD?` answers 1). */
  async motionDone(axis: number): Promise<boolean> {
    const command = axisCommand(axis, 'MD?');
    return parseAxisValue(await this.query(command), command) === 1;
  }

  /** Sends one axis setting silently and confirms it by its query. */
  private async setAxis(link: Requester, axis: number, key: AxisKey, value: number): Promise<void> {
    const mnemonic = mnemonics[key];
    const command = axisCommand(axis, mnemonic, value, key === 'units');
    await link.request({ text: command, expectsReply: false });
    const query = axisCommand(axis, `${mnemonic}?`);
    const actual = parseAxisValue((await link.request({ text: query, expectsReply: true })) as string, query);
    if (!sameValue(actual, value)) {
      throw new AppError('DEVICE_ERROR', `${ESP300_NAME} did not take axis${axis}.${key}: sent ${command}, it reports ${actual}`, { command, actual });
    }
  }
}
