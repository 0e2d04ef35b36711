/**
 * The Newport 1830-C command set (the one the meter speaks, not the predecessor's invented `PM:`
 * commands): plain ASCII, LF both ways, setters silent. Config `units` is 0-indexed (0 W, 1 dBm,
 * 2 dB, 3 REL) while the wire's `U1`..`U4` is 1-indexed; the mapping lives here, once.
 */
import { parseNumber, rejectErrorReply, unexpectedReply, type Framing } from '../../serial/index.js';

/** The device's name in messages. */
export const NEWPORT_NAME = 'Newport 1830-C';

/** LF both ways; a query answers within a second. */
export const newportFraming: Framing = { terminator: '\n', replyTimeoutMs: 1000 };

/** Config units (0-3) → wire code (1-4) and the unit the readings carry. */
export const newportUnits = [
  { wire: 1, unit: 'W' },
  { wire: 2, unit: 'dBm' },
  { wire: 3, unit: 'dB' },
  { wire: 4, unit: 'REL' },
] as const;

/** The wire code (`U1`..`U4`) of a config `units` value (0-3). */
export function wireUnits(configUnits: number): number {
  const entry = newportUnits[configUnits];
  if (!entry) throw new RangeError(`units must be 0-3, got ${configUnits}`);
  return entry.wire;
}

/** The unit readings carry under a wire units code. */
export function unitOfWire(wire: number): string {
  return newportUnits.find((u) => u.wire === wire)?.unit ?? 'W';
}

/** Clears the status and takes the light on the detector now as zero; the meter answers nothing. */
export const ZERO_COMMAND = 'CS';

/** `W0800`: the wavelength in whole nm, four digits. */
export function wavelengthCommand(nm: number): string {
  return `W${String(Math.round(nm)).padStart(4, '0')}`;
}

/** A `D?` reply as a number; `OVER`, `UNDER`, `ERR` and garbage are errors. */
export function parseReading(reply: string): number {
  rejectErrorReply(reply, 'D?', NEWPORT_NAME);
  const value = parseNumber(reply);
  if (value === undefined) throw unexpectedReply(NEWPORT_NAME, 'D?', reply, 'a reading such as +1.234E-6');
  return value;
}

/** A reply to `W?`, `U?` or `R?`: an integer. */
export function parseInteger(reply: string, command: string): number {
  rejectErrorReply(reply, command, NEWPORT_NAME);
  const value = parseNumber(reply);
  if (value === undefined || !Number.isInteger(value)) throw unexpectedReply(NEWPORT_NAME, command, reply, 'an integer');
  return value;
}
