/**
 * The ELL14 command set on its RS-485 bus: `<address><command>[data]` with the address one hex
 * digit 0-F (the predecessor wrote it in decimal, so addresses from 10 up were wrong), no
 * terminator on commands, replies ending in CR LF. Positions are 32-bit two's-complement hex
 * pulses; the pulses per turn come from the mount's info reply (143360 on an ELL14).
 */
import { AppError } from '../../../../shared/errors.js';
import { printable, unexpectedReply, type Framing } from '../../serial/index.js';

/** The device's name in messages. */
export const ELLIPTEC_NAME = 'ELL14';

/** Pulses per full turn of an ELL14, used when the info reply gives none. */
export const DEFAULT_PULSES_PER_REV = 143360;

/** Queries answer within a second; moves only once finished (~5 s), homing ~10 s. */
export const elliptecFraming: Framing = { terminator: '', replyTimeoutMs: 1000 };
/** How long a move may take before its `PO` reply is given up on. */
export const MOVE_TIMEOUT_MS = 5000;

/** Homing answers `PO` only once at home, which takes up to about ten seconds. */
export const HOME_TIMEOUT_MS = 10_000;

/** `0`-`9`, `A`-`F`. */
export function addressDigit(address: number): string {
  if (!Number.isInteger(address) || address < 0 || address > 15) throw new RangeError(`bus address must be 0-15, got ${address}`);
  return address.toString(16).toUpperCase();
}

/** A 32-bit value as eight hex digits, negatives in two's complement. */
export function hex32(value: number): string {
  return (Math.round(value) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** Eight hex digits as a signed 32-bit value. */
export function parseHex32(text: string): number {
  return parseInt(text, 16) | 0;
}

/** What a mount's `IN` reply says about it. */
export interface MountInfo {
  readonly type: number;
  readonly serial: string;
  readonly year: number;
  readonly firmware: string;
  readonly travel: number;
  readonly pulsesPerRev: number;
}

const statusText: Readonly<Record<number, string>> = {
  1: 'communication time-out',
  2: 'mechanical time-out',
  3: 'command error',
  4: 'value out of range',
  5: 'module isolated',
  6: 'module out of isolation',
  7: 'initialisation error',
  8: 'thermal error',
  9: 'busy',
  10: 'sensor error',
  11: 'motor error',
  12: 'out of range',
  13: 'over-current error',
};

/** The status word of a `GS` reply as an error, or undefined for 00 (OK). */
export function statusError(address: string, code: number, command: string): AppError | undefined {
  if (code === 0) return undefined;
  const text = statusText[code] ?? `status ${code}`;
  return new AppError('DEVICE_ERROR', `${ELLIPTEC_NAME} at address ${address} reports ${text} (GS${code.toString(16).toUpperCase().padStart(2, '0')}) after "${command}"`, { address, status: code, command });
}

/**
 * Splits a reply into its header and data, checking it comes from `address` and is of `kind`
 * (a `GS` reply with a non-zero status becomes that status's error).
 */
export function replyData(reply: string, address: string, kind: string, command: string): string {
  const header = reply.slice(0, 3).toUpperCase();
  if (header === `${address}GS`) {
    const err = statusError(address, parseInt(reply.slice(3, 5), 16), command);
    if (err) throw err;
  }
  if (header !== `${address}${kind}`) throw unexpectedReply(`${ELLIPTEC_NAME} at address ${address}`, command, reply, `a ${address}${kind} reply`);
  return reply.slice(3);
}

/** Parses an `IN` reply's data: type(2) serial(8) year(4) fw(2) hw(2) travel(4) pulses(8). */
export function parseInfo(data: string, address: string): MountInfo {
  if (!/^[0-9A-Fa-f]{2}\d{8}\d{4}[0-9A-Fa-f]{4}[0-9A-Fa-f]{4}[0-9A-Fa-f]{8}$/.test(data)) {
    throw new AppError('DEVICE_ERROR', `unexpected info reply from ${ELLIPTEC_NAME} at address ${address}: "${printable(data)}"`);
  }
  const pulses = parseInt(data.slice(22, 30), 16);
  return {
    type: parseInt(data.slice(0, 2), 16),
    serial: data.slice(2, 10),
    year: Number(data.slice(10, 14)),
    firmware: data.slice(14, 16),
    travel: parseInt(data.slice(18, 22), 16),
    pulsesPerRev: pulses > 0 ? pulses : DEFAULT_PULSES_PER_REV,
  };
}
