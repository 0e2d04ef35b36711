/**
 * A Newport 1830-C optical power meter as its serial port sees it: plain ASCII commands ending
 * in LF, replies ending in LF, setters silent. The reading follows a slow wobble around
 * `powerW`, with noise that the filter setting (F1 slow … F3 fast) smooths; a fixed range that
 * the power exceeds answers `OVER`, as the meter does.
 */
import { DeviceSimulator, wobble } from './device-simulator.js';

/** The light on the detector and how it moves. */
export interface Newport1830cSimOptions {
  /** Mean optical power on the detector, in W (default 1 mW). */
  readonly powerW?: number;
  /** Relative amplitude of the slow wobble (default 0.02). */
  readonly ripple?: number;
  /** Relative noise at filter F3 (default 0.004; F2 half, F1 a quarter). */
  readonly noise?: number;
  /** The fraction of the light that reaches the detector now (default: all; see bench-optics.ts). */
  readonly transmission?: () => number;
  readonly now?: () => number;
}

/** Full scale of fixed range n (1-8): 2 nW · 10^(n-1), so range 8 reads up to 20 mW. */
export function rangeFullScaleW(range: number): number {
  return 2e-9 * 10 ** (range - 1);
}

/** A 1830-C meter with a detector. */
export class Newport1830cSim extends DeviceSimulator {
  protected readonly replyTerminator = '\n';
  /** The state a test can read back or change (a step in `powerW`, say). */
  readonly state = { wavelength: 800, units: 1, range: 0, attenuator: 0, filter: 2, powerW: 1e-3, reference: 1e-3 };
  private readonly ripple: number;
  private readonly noise: number;
  private readonly transmission: () => number;
  private seed = 1;

  constructor(options: Newport1830cSimOptions = {}) {
    super(options.now);
    this.state.powerW = options.powerW ?? 1e-3;
    this.ripple = options.ripple ?? 0.02;
    this.noise = options.noise ?? 0.004;
    this.transmission = options.transmission ?? (() => 1);
  }

  /** The optical power the detector sees now, in W. */
  power(): number {
    const t = this.now();
    const noise = (this.noise * [0.25, 0.5, 1][this.state.filter - 1]!) * (this.random() * 2 - 1);
    return this.state.powerW * this.transmission() * (1 + this.ripple * wobble(t, 7000) + noise);
  }

  protected handle(command: string): string | undefined {
    const c = command.trim().toUpperCase();
    if (c === 'D?') return this.reading();
    if (c === 'W?') return String(this.state.wavelength).padStart(4, '0');
    if (c === 'U?') return String(this.state.units);
    if (c === 'R?') return String(this.currentRange(this.power()));
    if (c === 'CS') return undefined;
    const set = /^([WURAF])(\d+)$/.exec(c);
    if (set) this.set(set[1]!, Number(set[2]));
    return undefined;
  }

  private set(letter: string, n: number): void {
    const s = this.state;
    if (letter === 'W' && n >= 400 && n <= 1700) s.wavelength = n;
    else if (letter === 'U' && n >= 1 && n <= 4) {
      // dB and REL read relative to the power when they were selected.
      if (n >= 3) s.reference = this.power();
      s.units = n;
    } else if (letter === 'R' && n <= 8) s.range = n;
    else if (letter === 'A' && n <= 1) s.attenuator = n;
    else if (letter === 'F' && n >= 1 && n <= 3) s.filter = n;
  }

  private currentRange(p: number): number {
    if (this.state.range > 0) return this.state.range;
    for (let r = 1; r <= 8; r += 1) if (rangeFullScaleW(r) >= p) return r;
    return 8;
  }

  private reading(): string {
    const p = this.power();
    if (p > rangeFullScaleW(this.currentRange(p))) return 'OVER';
    switch (this.state.units) {
      case 2:
        return (10 * Math.log10(p / 1e-3)).toFixed(2);
      case 3:
        return (10 * Math.log10(p / this.state.reference)).toFixed(2);
      case 4:
        return (p / this.state.reference).toFixed(4);
      default:
        return p.toExponential(3).toUpperCase(); // 1.002E-3, the meter's scientific notation
    }
  }

  /** A small deterministic generator, so a run's noise is repeatable. */
  private random(): number {
    this.seed = (this.seed * 16807) % 2147483647;
    return this.seed / 2147483647;
  }
}
