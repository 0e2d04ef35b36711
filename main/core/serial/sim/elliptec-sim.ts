/**
 * Thorlabs ELL14 rotation mounts on one RS-485 bus. Commands are `<hex address><two lower-case
 * letters>[data]` with no terminator, so they are cut by their known data lengths; replies end
 * in CR LF. Only mounts present on the bus answer. A move or homing answers `PO` when it has
 * finished (about 0.5 s per half turn at full velocity), a stop halts a move where it is (its
 * `PO` goes out then) and answers `GS`, and every reply comes from the addressed mount.
 */
import { DeviceSimulator, type ReceivedCommand } from './device-simulator.js';

/** Data characters after each command's two letters (0 when absent from the table). */
const dataLength: Readonly<Record<string, number>> = { ma: 8, mr: 8, so: 8, sj: 8, sv: 2, ho: 1 };

/** Pulses per turn an ELL14 reports in its info reply (0x23000). */
export const ELL14_PULSES_PER_REV = 143360;

interface Mount {
  readonly serial: string;
  pulsesPerRev: number;
  velocity: number;
  from: number;
  target: number;
  startedAt: number;
  durationMs: number;
  /** Sends the `PO` of the move under way when it finishes. */
  arrival?: ReturnType<typeof setTimeout>;
}

/** The mounts on the simulated bus and their speed. */
export interface ElliptecSimOptions {
  /** Bus addresses with a mount (default 0, 1, 2). */
  readonly addresses?: readonly number[];
  /** Rotation speed at 100 % velocity, degrees per second (default 360). */
  readonly degPerSecond?: number;
  readonly now?: () => number;
}

const hex = (n: number, width: number): string => (n >>> 0).toString(16).toUpperCase().padStart(width, '0').slice(-width);

/** An RS-485 bus of ELL14 mounts. */
export class ElliptecSim extends DeviceSimulator {
  protected readonly replyTerminator = '\r\n';
  readonly mounts = new Map<number, Mount>();
  private readonly degPerSecond: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(options: ElliptecSimOptions = {}) {
    super(options.now);
    this.degPerSecond = options.degPerSecond ?? 360;
    for (const a of options.addresses ?? [0, 1, 2]) {
      this.mounts.set(a, { serial: String(11400510 + a), pulsesPerRev: ELL14_PULSES_PER_REV, velocity: 100, from: 0, target: 0, startedAt: 0, durationMs: 0 });
    }
  }

  /** Where mount `address` is now, in pulses. */
  pulses(address: number): number {
    const m = this.mounts.get(address);
    if (!m) return 0;
    const progress = m.durationMs <= 0 ? 1 : Math.min(1, (this.now() - m.startedAt) / m.durationMs);
    return Math.round(m.from + (m.target - m.from) * progress);
  }

  override detach(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    super.detach();
  }

  /** Cuts commands by address, two letters and the command's data length; skips noise. */
  protected override takeCommands(): ReceivedCommand[] {
    const out: ReceivedCommand[] = [];
    while (this.buffer.length >= 3) {
      if (!/^[0-9A-Fa-f][a-z]{2}/.test(this.buffer)) {
        this.buffer = this.buffer.slice(1);
        continue;
      }
      const length = 3 + (dataLength[this.buffer.slice(1, 3)] ?? 0);
      if (this.buffer.length < length) break;
      const raw = this.buffer.slice(0, length);
      this.buffer = this.buffer.slice(length);
      out.push({ raw, text: raw });
    }
    return out;
  }

  protected handle(command: string): string | undefined {
    const address = parseInt(command[0]!, 16);
    const mount = this.mounts.get(address);
    if (!mount) return undefined; // Nobody at that address: the bus stays silent.
    const a = hex(address, 1);
    const data = command.slice(3);
    switch (command.slice(1, 3)) {
      case 'in':
        // type 0E (ELL14), serial, year, firmware, hardware, travel 360° (0x168), pulses/rev.
        return `${a}IN0E${mount.serial}20231701${hex(360, 4)}${hex(mount.pulsesPerRev, 8)}`;
      case 'gp':
        return `${a}PO${hex(this.pulses(address), 8)}`;
      case 'gs':
        return `${a}GS${this.pulses(address) === mount.target ? '00' : '09'}`;
      case 'gv':
        return `${a}GV${hex(mount.velocity, 2)}`;
      case 'sv':
        return this.setVelocity(mount, a, parseInt(data, 16));
      case 'ma':
      case 'mr':
        this.move(address, mount, command.slice(1, 3) === 'ma', parseInt(data, 16) | 0);
        return undefined;
      case 'ho':
        this.move(address, mount, true, 0);
        return undefined;
      case 'st':
        this.halt(address, mount);
        return `${a}GS00`;
      default:
        return `${a}GS03`; // command error
    }
  }

  private setVelocity(mount: Mount, a: string, value: number): string {
    if (!Number.isFinite(value) || value > 100) return `${a}GS04`; // value out of range
    mount.velocity = value;
    return `${a}GS00`;
  }

  /** Starts a move; the `PO` reply is sent when it finishes, as the mount does. */
  private move(address: number, mount: Mount, absolute: boolean, value: number): void {
    const here = this.pulses(address);
    const target = absolute ? value : here + value;
    const degrees = (Math.abs(target - here) / mount.pulsesPerRev) * 360;
    mount.from = here;
    mount.target = target;
    mount.startedAt = this.now();
    mount.durationMs = (degrees / (this.degPerSecond * Math.max(0.1, mount.velocity / 100))) * 1000;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (mount.arrival === timer) mount.arrival = undefined;
      // Timers may fire a hair before the wall clock says the move is over: arrive exactly.
      if (mount.target === target) mount.durationMs = 0;
      this.reply(`${hex(address, 1)}PO${hex(this.pulses(address), 8)}`);
    }, mount.durationMs);
    timer.unref?.();
    this.timers.add(timer);
    mount.arrival = timer;
  }

  /** Stops a move where it is: its `PO` reply goes out now, with the position it stopped at. */
  private halt(address: number, mount: Mount): void {
    const here = this.pulses(address);
    Object.assign(mount, { from: here, target: here, durationMs: 0 });
    const pending = mount.arrival;
    if (!pending) return;
    clearTimeout(pending);
    this.timers.delete(pending);
    mount.arrival = undefined;
    this.reply(`${hex(address, 1)}PO${hex(here, 8)}`);
  }
}
