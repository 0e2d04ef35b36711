/**
 * Serial transport: the port interface and its `serialport` adapter, per-device framing,
 * request/reply with one command in flight per port, ownership, reconnection, port listing, and
 * the instrument simulators (`sim/`).
 */
export { Backoff, defaultBackoff, type BackoffOptions } from '../../../shared/retry/backoff.js';
export { CommandQueue } from './command-queue.js';
export { encodeCommand, LineSplitter, printable, type Framing } from './framing.js';
export { listSerialPorts, type OsPortInfo, type PortListingDeps, type PortUser } from './list-ports.js';
export { describeOpenError, openNodeSerialPort } from './node-serial-port.js';
export { otherPortHolders, type PortHolder } from './port-holders.js';
export { canonicalPortPath, PortOwnership } from './port-ownership.js';
export { parseNumber, parsePower, parseQuantity, parseWavelength, rejectErrorReply, unexpectedReply, type PowerReading } from './reply-parsing.js';
export { SerialConnection, type ConnectionHooks, type ConnectionOptions } from './serial-connection.js';
export { createSerialEnv, type SerialEnv, type SerialEnvOptions } from './serial-env.js';
export { SerialLink, type Requester, type SerialCommand } from './serial-link.js';
export type { PortClosed, PortOpener, SerialOpenOptions, SerialPortLike } from './serial-port-like.js';
export * from './sim/index.js';
