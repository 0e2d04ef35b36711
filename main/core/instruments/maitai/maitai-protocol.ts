/**
 * The MaiTai command set as the hardware answers it: replies end in LF and carry units (`820nm`,
 * `3.00W`, `100mW`, or `50%` on a firmware set to percent). Commands go out with CR LF, which
 * both the CR-terminated and the LF-terminated firmware take. Setters are not known to answer,
 * so they are sent silently and confirmed by a query.
 */
import { parsePower, parseWavelength, rejectErrorReply, unexpectedReply, type Framing, type PowerReading } from '../../serial/index.js';

export const MAITAI_NAME = 'MaiTai';

export const maitaiFraming: Framing = { terminator: '\r\n', replyTimeoutMs: 2000 };

export const maitaiCommands = {
  identity: '*IDN?',
  setWavelength: (nm: number): string => `WAVELENGTH:${Math.round(nm)}`,
  /** The set point. */
  wavelengthSetpoint: 'WAVELENGTH?',
  /** Where the cavity is now (it tunes over a few seconds). */
  wavelength: 'READ:WAVELENGTH?',
  power: 'READ:POWER?',
  shutter: 'SHUTTER?',
} as const;

export function checkIdentity(reply: string): void {
  if (!/mai\s*tai/i.test(reply)) throw unexpectedReply(MAITAI_NAME, maitaiCommands.identity, reply, 'an identity naming MaiTai');
}

export function wavelengthOf(reply: string, command: string): number {
  rejectErrorReply(reply, command, MAITAI_NAME);
  const nm = parseWavelength(reply);
  if (nm === undefined) throw unexpectedReply(MAITAI_NAME, command, reply, 'a wavelength such as 820nm');
  return nm;
}

export function powerOf(reply: string): PowerReading {
  rejectErrorReply(reply, maitaiCommands.power, MAITAI_NAME);
  const power = parsePower(reply);
  if (!power) throw unexpectedReply(MAITAI_NAME, maitaiCommands.power, reply, 'a power such as 3.00W or 100mW');
  return power;
}

export function shutterOf(reply: string): number {
  const t = reply.trim();
  if (t !== '0' && t !== '1') throw unexpectedReply(MAITAI_NAME, maitaiCommands.shutter, reply, '0 or 1');
  return Number(t);
}
