/**
 * Which paths an instrument's `port` may name. A port is opened read-write, so a client must not
 * be able to point it at any file or device (a terminal multiplexer, a disk): only serial
 * devices, the built-in simulators, and links to serial devices (a `/dev/serial/by-id/…` name,
 * the link `daq simulate --link` makes) are allowed.
 *
 * The rule has two halves. The static half (this file, part of the `port` parameter spec, so a
 * config file and a command refuse alike): under `/dev` only serial device names; elsewhere an
 * absolute path, which can only be a link. The other half runs when the port is opened
 * (main/core/serial/node-serial-port.ts): the link is resolved and its target must be a serial
 * device, with one message whether or not the path exists.
 */

/** Device nodes that are serial ports: what a port path or its link target must be. */
export const SERIAL_DEVICE_PATTERN = /^\/dev\/(?:tty[A-Za-z0-9._-]+|cu\.[A-Za-z0-9._-]+|pts\/[0-9]+|serial\/by-(?:id|path)\/(?!\.\.?$)[^/\x00-\x1f\x7f]+)$/;

/** Windows serial ports: `COM7`, or `\\.\COM12` (any letter case, as Windows takes them). */
export const WINDOWS_COM_PATTERN = /^(?:\\\\\.\\)?[Cc][Oo][Mm][1-9][0-9]*$/;

/** One path segment: not empty, not `.` or `..`, no control characters. */
const SEGMENT = String.raw`(?!\.\.?(?:/|$))[^/\x00-\x1f\x7f]+`;

/** An absolute path outside `/dev` (a link to a serial device, resolved when the port opens). */
const LINK = String.raw`/(?!dev(?:/|$))${SEGMENT}(?:/${SEGMENT})*`;

/** Everything `port` may hold, as one expression (the parameter spec keeps its source). */
export const SERIAL_PORT_PATTERN = new RegExp(
  `^(?:sim://.*|${WINDOWS_COM_PATTERN.source.slice(1, -1)}|${SERIAL_DEVICE_PATTERN.source.slice(1, -1)}|${LINK})$`,
);

/** What is allowed, in words: the message of every refusal, static or at open time. */
export const SERIAL_PORT_RULE =
  'a serial port must be /dev/tty*, /dev/cu.*, /dev/serial/by-id/… or /dev/serial/by-path/…, /dev/pts/N, COMn, ' +
  'sim://<type>[/<name>], or a link (outside /dev) to one of those devices';

/** Whether `path` is a serial device node by name (not following links). */
export function isSerialDevicePath(path: string): boolean {
  return SERIAL_DEVICE_PATTERN.test(path);
}

/** Whether `port` passes the static half of the rule. */
export function isAllowedPortPath(port: string): boolean {
  return SERIAL_PORT_PATTERN.test(port);
}
