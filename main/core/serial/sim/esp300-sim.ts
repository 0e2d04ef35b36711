/**
 * A Newport ESP300 3-axis motion controller: `<axis><mnemonic><value>` commands ending in CR LF,
 * replies ending in CR LF, and silence for setters, moves, stop and home. Axes move at their
 * velocity toward the target; at rest the servo dithers by a fraction of a micrometre, so the
 * position reads as a real stage's does.
 */
import { DeviceSimulator, wobble } from './device-simulator.js';

interface Axis {
  units: number;
  velocity: number;
  acceleration: number;
  /** Where the last move started, its target, and when. */
  from: number;
  target: number;
  startedAt: number;
}

/** The simulator's answer to `VE?`. */
export const ESP300_VERSION = 'ESP300 Version 3.08 09/09/00';

/** An ESP300 with three axes. */
export class Esp300Sim extends DeviceSimulator {
  protected readonly replyTerminator = '\r\n';
  readonly axes: Axis[];

  constructor(now?: () => number) {
    super(now);
    this.axes = [1, 2, 3].map(() => ({ units: 2, velocity: 5, acceleration: 10, from: 0, target: 0, startedAt: 0 }));
  }

  /** Where axis `n` (1-3) is now. */
  position(n: number): number {
    const a = this.axes[n - 1]!;
    const elapsed = Math.max(0, (this.now() - a.startedAt) / 1000);
    const distance = a.target - a.from;
    const travelled = Math.min(Math.abs(distance), a.velocity * elapsed);
    return a.from + Math.sign(distance) * travelled;
  }

  moving(n: number): boolean {
    return Math.abs(this.position(n) - this.axes[n - 1]!.target) > 1e-9;
  }

  protected handle(command: string): string | undefined {
    const c = command.trim().toUpperCase();
    if (c === 'VE?' || c === 'VE') return ESP300_VERSION;
    if (c === 'TE?' || c === 'TE') return '0';
    const m = /^([1-3])([A-Z]{2})(\?|[-+]?(?:\d+\.?\d*|\.\d+)(?:E[-+]?\d+)?)?$/.exec(c);
    if (!m) return undefined;
    const n = Number(m[1]);
    const arg = m[3];
    return arg === undefined || arg === '?' ? this.query(n, m[2]!) : this.set(n, m[2]!, Number(arg));
  }

  private query(n: number, mnemonic: string): string | undefined {
    const a = this.axes[n - 1]!;
    switch (mnemonic) {
      case 'TP':
        // The servo dithers around a position at rest; a moving axis reads its true position.
        return (this.position(n) + (this.moving(n) ? 0 : 2e-5 * wobble(this.now(), 900, n))).toFixed(6);
      case 'TV':
        return (this.moving(n) ? a.velocity : 0).toFixed(6);
      case 'MD':
        return this.moving(n) ? '0' : '1';
      case 'SN':
        return String(a.units);
      case 'VA':
        return a.velocity.toFixed(6);
      case 'AC':
        return a.acceleration.toFixed(6);
      case 'ST':
        this.stop(n);
        return undefined;
      case 'OR':
        this.moveTo(n, 0);
        return undefined;
      default:
        return undefined;
    }
  }

  private set(n: number, mnemonic: string, value: number): undefined {
    const a = this.axes[n - 1]!;
    if (mnemonic === 'SN' && Number.isInteger(value) && value >= 0 && value <= 11) a.units = value;
    else if (mnemonic === 'VA' && value > 0) a.velocity = value;
    else if (mnemonic === 'AC' && value > 0) a.acceleration = value;
    else if (mnemonic === 'PA') this.moveTo(n, value);
    else if (mnemonic === 'PR') this.moveTo(n, this.axes[n - 1]!.target + value);
    else if (mnemonic === 'OR') this.moveTo(n, 0);
    return undefined;
  }

  private moveTo(n: number, target: number): void {
    const a = this.axes[n - 1]!;
    a.from = this.position(n);
    a.target = target;
    a.startedAt = this.now();
  }

  private stop(n: number): void {
    const here = this.position(n);
    const a = this.axes[n - 1]!;
    a.from = here;
    a.target = here;
  }
}
