/**
 * The Newport ESP300 command set: `<axis><mnemonic><value>`, CR LF both ways; setters, moves,
 * stop and home are silent, queries end in `?`. Values go out with six decimals, as the
 * controller's manual shows them.
 */
import { parseNumber, unexpectedReply, type Framing } from '../../serial/index.js';

/** The device's name in messages. */
export const ESP300_NAME = 'Newport ESP300';

/** CR LF both ways; a query answers within a second. */
export const esp300Framing: Framing = { terminator: '\r\n', replyTimeoutMs: 1000 };

/** `1VA5.000000`: axis, mnemonic, value with six decimals (integers as they are). */
export function axisCommand(axis: number, mnemonic: string, value?: number, integer = false): string {
  if (value === undefined) return `${axis}${mnemonic}`;
  return `${axis}${mnemonic}${integer ? String(Math.round(value)) : value.toFixed(6)}`;
}

/** A numeric reply (`12.345000`, `2`). */
export function parseAxisValue(reply: string, command: string): number {
  const value = parseNumber(reply);
  if (value === undefined) throw unexpectedReply(ESP300_NAME, command, reply, 'a number');
  return value;
}

/** The version reply must name an ESP controller; anything else is another device. */
export function checkVersion(reply: string): void {
  if (!/ESP/i.test(reply)) throw unexpectedReply(ESP300_NAME, 'VE?', reply, 'a version such as "ESP300 Version 3.08"');
}

/** Values read back equal what was sent, to the six decimals sent. */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 5e-7 * Math.max(1, Math.abs(a));
}
