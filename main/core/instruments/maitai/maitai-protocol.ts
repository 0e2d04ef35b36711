/**
 * The MaiTai command set as the hardware answers it: replies end in LF and carry units (`820nm`,
 * `3.00W`, `100mW`, or `50%` on a firmware set to percent). Commands go out with CR LF, which
 * both the CR-terminated and the LF-terminated firmware take. Setters are not known to answer,
 * so they are sent silently and confirmed by a query.
 */
import { parsePower, parseWavelength, rejectErrorReply, unexpectedReply, type Framing, type PowerReading } from '../../serial/index.js';

/** The device's name in messages. */
export const MAITAI_NAME = 'MaiTai';

/** CR LF out, LF back; the laser may take two seconds to answer. */
export const maitaiFraming: Framing = { terminator: '\r\n', replyTimeoutMs: 2000 };

/** The commands the driver sends (long spellings, which every firmware takes). */
export const maitaiCommands = {
  identity: '*IDN?',
  setWavelength: (nm: number): string => `WAVELENGTH:${Math.round(nm)}`,
  /** The set point. */
  wavelengthSetpoint: 'WAVELENGTH?',
  /** Where the cavity is now (it tunes over a few seconds). */
  wavelength: 'READ:WAVELENGTH?',
  power: 'READ:POWER?',
  shutter: 'SHUTTER?',
  /** 1 open, 0 closed (the predecessor's `shutter` = "open" / "close"). */
  setShutter: (open: boolean): string => `SHUTTER:${open ? 1 : 0}`,
} as const;

/** Refuses an identity reply that does not name a MaiTai (another device on the port). */
export function checkIdentity(reply: string): void {
  if (!/mai\s*tai/i.test(reply)) throw unexpectedReply(MAITAI_NAME, maitaiCommands.identity, reply, 'an identity naming MaiTai');
}

/** A wavelength reply (`820nm`) in nm; error words and garbage are errors. */
export function wavelengthOf(reply: string, command: string): number {
  rejectErrorReply(reply, command, MAITAI_NAME);
  const nm = parseWavelength(reply);
  if (nm === undefined) throw unexpectedReply(MAITAI_NAME, command, reply, 'a wavelength such as 820nm');
  return nm;
}

/** A power reply in W (scaled from mW), or flagged as a percentage. */
export function powerOf(reply: string): PowerReading {
  rejectErrorReply(reply, maitaiCommands.power, MAITAI_NAME);
  const power = parsePower(reply);
  if (!power) throw unexpectedReply(MAITAI_NAME, maitaiCommands.power, reply, 'a power such as 3.00W or 100mW');
  return power;
}

/** A shutter reply: 0 closed, 1 open. */
export function shutterOf(reply: string): number {
  const t = reply.trim();
  if (t !== '0' && t !== '1') throw unexpectedReply(MAITAI_NAME, maitaiCommands.shutter, reply, '0 or 1');
  return Number(t);
}
