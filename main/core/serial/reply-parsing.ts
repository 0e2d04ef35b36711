/**
 * Unit-aware parsing of instrument replies. The predecessor parsed the float after the last `:`
 * and choked on `820nm`, `3.00W` and `100mW`; here a unit suffix is recognised and scaled, a
 * percentage is flagged (never read as watts), and error words are errors.
 */
import { AppError } from '../../../shared/errors.js';
import { printable } from './framing.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A bare number (`+.75E-9`, `0780`, `-15.24`), or undefined. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A number with an optional unit suffix: `820nm` → {820, 'nm'}, `3.00 W` → {3, 'W'}. */
export function parseQuantity(text: string): { value: number; unit: string } | undefined {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ%]*)\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  return Number.isFinite(value) ? { value, unit: m[2] ?? '' } : undefined;
}

/** W with its SI prefix; an upper-case M is milli too (no laser reports megawatts). */
const wattPrefixes: Readonly<Record<string, number>> = { '': 1, m: 1e-3, M: 1e-3, u: 1e-6, U: 1e-6, µ: 1e-6, n: 1e-9, N: 1e-9 };

/** A power reply: watts (scaled from mW, µW …), or a percentage flagged as such. */
export type PowerReading = { kind: 'watts'; watts: number } | { kind: 'percent'; percent: number };

/** A power reply (`3.00W`, `100mW`, `50%`), or undefined when it is not one. */
export function parsePower(text: string): PowerReading | undefined {
  const q = parseQuantity(text);
  if (!q) return undefined;
  if (q.unit === '%') return { kind: 'percent', percent: q.value };
  const m = /^(.?)[wW]$/.exec(q.unit === '' ? 'W' : q.unit);
  const scale = m ? wattPrefixes[m[1] ?? ''] : undefined;
  return scale === undefined ? undefined : { kind: 'watts', watts: q.value * scale };
}

/** A wavelength reply (`820nm`, `820`), in nm. */
export function parseWavelength(text: string): number | undefined {
  const q = parseQuantity(text);
  if (!q) return undefined;
  return q.unit === '' || q.unit.toLowerCase() === 'nm' ? q.value : undefined;
}

/** Replies a device sends instead of a value when it cannot measure or refused a command. */
const errorWords = /ERR|OVER|UNDER|SAT/i;

/** Throws DEVICE_ERROR when a reply is an error word (`ERR`, `OVER`, `UNDER`, `SAT`). */
export function rejectErrorReply(reply: string, command: string, who: string): void {
  if (!errorWords.test(reply)) return;
  const word = reply.toUpperCase();
  const meaning = word.includes('OVER') || word.includes('SAT') ? ' (signal above the range)' : word.includes('UNDER') ? ' (signal below the range)' : '';
  throw new AppError('DEVICE_ERROR', `${who} answered "${printable(reply)}" to "${command}"${meaning}`, { reply, command });
}

/** The error for a reply that does not have the expected form. */
export function unexpectedReply(who: string, command: string, reply: string, expected: string): AppError {
  return new AppError('DEVICE_ERROR', `unexpected reply from ${who} to "${command}": "${printable(reply)}" (expected ${expected})`, { reply, command });
}
