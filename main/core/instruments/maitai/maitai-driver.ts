/**
 * Spectra-Physics MaiTai laser. At connect it checks the identity names a MaiTai and sets the
 * configured wavelength (confirmed by the set-point query). It polls the actual wavelength, the
 * power and the shutter. A power reported in % is never read as watts: it goes out on its own
 * `power_percent` channel, so a power monitor watching `power` in W is not fed nonsense.
 */
import { AppError } from '../../../../shared/errors.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { ParamValue } from '../../../../shared/model/parameters.js';
import type { Framing, Requester, SerialOpenOptions } from '../../serial/index.js';
import { SerialInstrument } from '../serial-instrument.js';
import { checkIdentity, MAITAI_NAME, maitaiCommands, maitaiFraming, powerOf, shutterOf, wavelengthOf } from './maitai-protocol.js';

/** The `maitai` instrument. */
export class MaiTaiDriver extends SerialInstrument {
  protected readonly deviceName = MAITAI_NAME;
  protected readonly defaultPollingHz = 1;

  protected framing(): Framing {
    return { ...maitaiFraming, replyTimeoutMs: this.replyTimeout(maitaiFraming.replyTimeoutMs) };
  }

  protected portOptions(config: InstrumentConfig): Omit<SerialOpenOptions, 'path'> {
    return { baudRate: typeof config['baud_rate'] === 'number' ? config['baud_rate'] : 9600, flowControl: 'none' };
  }

  protected async initialise(link: Requester, config: InstrumentConfig): Promise<void> {
    checkIdentity((await link.request({ text: maitaiCommands.identity, expectsReply: true })) as string);
    const wavelength = config['wavelength'];
    if (typeof wavelength === 'number') await this.setWavelength(link, wavelength);
  }

  protected async poll(): Promise<void> {
    const wavelength = wavelengthOf(await this.query(maitaiCommands.wavelength), maitaiCommands.wavelength);
    const power = powerOf(await this.query(maitaiCommands.power));
    const shutter = shutterOf(await this.query(maitaiCommands.shutter));
    this.ctx.emit('wavelength', wavelength, 'nm');
    if (power.kind === 'watts') this.ctx.emit('power', power.watts, 'W');
    else this.ctx.emit('power_percent', power.percent, '%');
    this.ctx.emit('shutter', shutter, 'state');
  }

  protected async apply(path: string, value: ParamValue): Promise<void> {
    if (path !== 'wavelength') throw new AppError('VALIDATION', `${MAITAI_NAME} has no live parameter "${path}"`);
    await this.setWavelength({ request: this.request.bind(this) }, Number(value));
  }

  /** Opens or closes the shutter silently, then reads it back: done only once the laser says so. */
  async runAction(action: string, _args: ActionArgs): Promise<ActionOutcome> {
    if (action !== 'open_shutter' && action !== 'close_shutter') throw this.unknownAction(action);
    const open = action === 'open_shutter';
    const command = maitaiCommands.setShutter(open);
    await this.send(command);
    const state = shutterOf(await this.query(maitaiCommands.shutter));
    if (state !== (open ? 1 : 0)) {
      throw new AppError('DEVICE_ERROR', `${MAITAI_NAME} did not ${open ? 'open' : 'close'} its shutter: sent ${command}, it reports ${state}`, { command, state });
    }
    return { completed: true };
  }

  private async setWavelength(link: Requester, nm: number): Promise<void> {
    const command = maitaiCommands.setWavelength(nm);
    await link.request({ text: command, expectsReply: false });
    const reply = (await link.request({ text: maitaiCommands.wavelengthSetpoint, expectsReply: true })) as string;
    const setpoint = wavelengthOf(reply, maitaiCommands.wavelengthSetpoint);
    if (Math.round(setpoint) !== Math.round(nm)) {
      throw new AppError('DEVICE_ERROR', `${MAITAI_NAME} did not take the wavelength: sent ${command}, its set point is ${setpoint} nm`, { command, setpoint });
    }
  }
}
