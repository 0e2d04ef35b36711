/**
 * One ELL14 bus: the single owner of its port, serving every mount on it (separate per-mount
 * drivers opening one port failed with "device busy" in the predecessor). Commands to all
 * addresses share the port's one queue, so mounts never talk over each other.
 */
import type { Requester } from '../../serial/index.js';
import { addressDigit, DEFAULT_PULSES_PER_REV, hex32, HOME_TIMEOUT_MS, MOVE_TIMEOUT_MS, parseHex32, parseInfo, replyData, type MountInfo } from './elliptec-protocol.js';

/** The mounts of one bus, addressed by number (0-15), over one requester. */
export class ElliptecBus {
  /** `info` may be shared with another bus object over the same mounts. */
  constructor(
    private readonly link: Requester,
    private readonly info = new Map<number, MountInfo>(),
  ) {}

  private async ask(command: string, timeoutMs?: number): Promise<string> {
    return (await this.link.request({ text: command, expectsReply: true, ...(timeoutMs !== undefined ? { timeoutMs } : {}) })) as string;
  }

  /** Reads a mount's info (its pulses per turn above all); fails when nobody answers there. */
  async identify(address: number): Promise<MountInfo> {
    const a = addressDigit(address);
    const info = parseInfo(replyData(await this.ask(`${a}in`), a, 'IN', `${a}in`), a);
    this.info.set(address, info);
    return info;
  }

  /** Pulses per turn of a mount, from its info reply. */
  pulsesPerRev(address: number): number {
    return this.info.get(address)?.pulsesPerRev ?? DEFAULT_PULSES_PER_REV;
  }

  /** A mount's position, degrees. */
  async position(address: number): Promise<number> {
    const a = addressDigit(address);
    const data = replyData(await this.ask(`${a}gp`), a, 'PO', `${a}gp`);
    return this.toDegrees(address, data);
  }

  /** Moves to an absolute angle; resolves with the position once the mount reports it finished. */
  async moveAbsolute(address: number, degrees: number, timeoutMs = MOVE_TIMEOUT_MS): Promise<number> {
    const a = addressDigit(address);
    const command = `${a}ma${hex32((degrees / 360) * this.pulsesPerRev(address))}`;
    return this.toDegrees(address, replyData(await this.ask(command, timeoutMs), a, 'PO', command));
  }

  /** Sends a mount home (`ho0`: clockwise); resolves with the position once it is there. */
  async home(address: number, timeoutMs = HOME_TIMEOUT_MS): Promise<number> {
    const a = addressDigit(address);
    const command = `${a}ho0`;
    return this.toDegrees(address, replyData(await this.ask(command, timeoutMs), a, 'PO', command));
  }

  /** Stops a mount; it answers with its status (a non-zero one is an error). */
  async stop(address: number): Promise<void> {
    const a = addressDigit(address);
    replyData(await this.ask(`${a}st`), a, 'GS', `${a}st`);
  }

  /** Sets a mount's velocity (% of maximum) and reads it back. */
  async setVelocity(address: number, percent: number): Promise<number> {
    const a = addressDigit(address);
    const command = `${a}sv${Math.round(percent).toString(16).toUpperCase().padStart(2, '0')}`;
    replyData(await this.ask(command), a, 'GS', command);
    return parseInt(replyData(await this.ask(`${a}gv`), a, 'GV', `${a}gv`), 16);
  }

  private toDegrees(address: number, data: string): number {
    return (parseHex32(data.slice(0, 8)) / this.pulsesPerRev(address)) * 360;
  }
}
