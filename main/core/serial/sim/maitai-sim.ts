/**
 * A Spectra-Physics MaiTai Ti:Sapphire laser: commands end in CR, LF or CR LF and come in long
 * or short spelling, any case (`WAVELENGTH?` / `wav?`, `READ:POWER?` / `read:pow?`); replies end
 * in LF and carry units (`820nm`, `3.00W`, `100mW`, or `50%` on a firmware set to percent).
 * Setters stay silent; the driver confirms them by a query. The wavelength tunes toward its
 * set point over a few seconds, as the real cavity does.
 */
import { DeviceSimulator, wobble } from './device-simulator.js';

/** The simulator's answer to `*IDN?`. */
export const MAITAI_IDENTITY = 'Spectra Physics,MaiTai,3227/51054/40856,0245-2.00.34';

/** Long and short spellings of each query, after upper-casing. */
const queries: Readonly<Record<string, 'idn' | 'setpoint' | 'wavelength' | 'power' | 'shutter' | 'status'>> = {
  '*IDN?': 'idn',
  'WAVELENGTH?': 'setpoint',
  'WAV?': 'setpoint',
  'READ:WAVELENGTH?': 'wavelength',
  'READ:WAV?': 'wavelength',
  'READ:POWER?': 'power',
  'READ:POW?': 'power',
  'POWER?': 'power',
  'POW?': 'power',
  'SHUTTER?': 'shutter',
  'SHUT?': 'shutter',
  '*STB?': 'status',
};

/** A MaiTai laser, warmed up, emission on, shutter closed. */
export class MaiTaiSim extends DeviceSimulator {
  protected readonly replyTerminator = '\n';
  readonly state = { setpoint: 800, from: 800, tuneStart: 0, emission: true, shutter: 0, powerFormat: 'watts' as 'watts' | 'percent' };
  /** Tuning speed of the cavity, nm/s. */
  private readonly tuneRate = 100;

  /** The wavelength the cavity is at now, nm. */
  wavelength(): number {
    const s = this.state;
    const travelled = (this.tuneRate * Math.max(0, this.now() - s.tuneStart)) / 1000;
    const distance = s.setpoint - s.from;
    return s.from + Math.sign(distance) * Math.min(Math.abs(distance), travelled);
  }

  /** Output power now, W: about 3 W at 800 nm, less toward the ends of the tuning range. */
  powerW(): number {
    if (!this.state.emission) return 0;
    const detune = (this.wavelength() - 800) / 350;
    return 3 * (1 - 0.5 * detune * detune) * (1 + 0.01 * wobble(this.now(), 5000));
  }

  protected handle(command: string): string | undefined {
    const c = command.trim().toUpperCase();
    const query = queries[c];
    if (query) return this.answer(query);
    const wav = /^(?:WAVELENGTH|WAV)[: ]\s*(\d+(?:\.\d+)?)$/.exec(c);
    if (wav) this.tune(Number(wav[1]));
    const shut = /^(?:SHUTTER|SHUT)[: ]\s*([01])$/.exec(c);
    if (shut) this.state.shutter = Number(shut[1]);
    if (c === 'ON') this.state.emission = true;
    if (c === 'OFF') this.state.emission = false;
    return undefined;
  }

  private answer(query: (typeof queries)[string]): string {
    switch (query) {
      case 'idn':
        return MAITAI_IDENTITY;
      case 'setpoint':
        return `${Math.round(this.state.setpoint)}nm`;
      case 'wavelength':
        return `${Math.round(this.wavelength())}nm`;
      case 'shutter':
        return String(this.state.shutter);
      case 'status':
        return String(this.state.emission ? 1 : 0);
      case 'power':
        return this.formatPower(this.powerW());
    }
  }

  private formatPower(w: number): string {
    if (this.state.powerFormat === 'percent') return `${Math.round((w / 3.2) * 100)}%`;
    return w >= 1 ? `${w.toFixed(2)}W` : `${Math.round(w * 1000)}mW`;
  }

  private tune(nm: number): void {
    // Out of the tuning range the laser ignores the command (the driver's read-back catches it).
    if (nm < 690 || nm > 1040) return;
    this.state.from = this.wavelength();
    this.state.setpoint = nm;
    this.state.tuneStart = this.now();
  }
}
