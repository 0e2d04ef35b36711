/**
 * The real adapter: `serialport` (a prebuilt N-API binding) behind {@link SerialPortLike}. It
 * turns the binding's terse errors into messages that name the port and say what to do, and it
 * never fails a connect over RTS/DTR or flow control a pseudo-terminal cannot take: those only
 * warn (the predecessor aborted the connect, which made every pty test fail).
 */
import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { AppError } from '../../../shared/errors.js';
import { isSerialDevicePath, SERIAL_PORT_RULE, WINDOWS_COM_PATTERN } from '../../../shared/model/serial-port-path.js';
import { PortEvents } from './port-events.js';
import { otherPortHolders } from './port-holders.js';
import type { PortClosed, SerialOpenOptions, SerialPortLike } from './serial-port-like.js';

/** The part of a `serialport` stream the adapter uses (a test can hand in a stand-in). */
export interface RawSerialStream {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  set(options: { rts?: boolean; dtr?: boolean }, callback: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: Error & { disconnected?: boolean }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/** Makes the `serialport` stream for a path and settings (a test can substitute it). */
export type RawStreamFactory = (options: {
  path: string;
  baudRate: number;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  lock: boolean;
}) => RawSerialStream;

const createRawStream: RawStreamFactory = (o) => new SerialPort({ ...o, autoOpen: false }) as unknown as RawSerialStream;

/** The binding's open error as an error naming the port and the likely fix. */
export function describeOpenError(path: string, err: unknown): AppError {
  const text = err instanceof Error ? err.message : String(err);
  const details = { port: path, cause: text };
  if (/cannot lock port|resource temporarily unavailable|EBUSY|access denied/i.test(text)) {
    return new AppError('UNAVAILABLE', `serial port ${path} is in use by another program (${text}); close it there or pick another port`, { ...details, reason: 'busy' });
  }
  if (/no such file|ENOENT|cannot find|file not found/i.test(text)) {
    return new AppError('UNAVAILABLE', `serial port ${path} does not exist (unplugged, or a wrong path; /dev/serial/by-id/… names stay put across reboots)`, { ...details, reason: 'missing' });
  }
  if (/permission denied|EACCES/i.test(text)) {
    return new AppError('UNAVAILABLE', `no permission to open serial port ${path} (on Linux, add the user to the dialout group)`, { ...details, reason: 'permission' });
  }
  return new AppError('UNAVAILABLE', `cannot open serial port ${path}: ${text}`, details);
}

/**
 * The device to open for a port path. A serial device name (`/dev/ttyUSB0`, a by-id name: only
 * the system creates entries under /dev) or a COM port is opened as named, without a file system
 * look-up that would delay a simulator's own pty side, and a missing one is reported missing by
 * the open. Any other path must be a link whose target is a serial device
 * (the pty link of `daq simulate --link`); the target is what is opened, so a link swapped after
 * this check still cannot lead elsewhere. Everything else is refused with one message, the same
 * whether or not the path exists, so `port` cannot probe the file system; the refusal is not
 * permanent, so a link that appears later is picked up.
 */
export async function resolveSerialDevice(path: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  if (WINDOWS_COM_PATTERN.test(path) || (platform !== 'win32' && isSerialDevicePath(path))) return path;
  const refused = new AppError('UNAVAILABLE', `serial port ${path} cannot be opened: it is not an existing serial device or link to one (${SERIAL_PORT_RULE})`, { port: path, reason: 'not-serial' });
  if (platform === 'win32') throw refused;
  const target = await realpath(path).catch(() => undefined);
  if (target === undefined || !isSerialDevicePath(target)) throw refused;
  return target;
}

function openStream(stream: RawSerialStream): Promise<void> {
  return new Promise((resolve, reject) => stream.open((err) => (err ? reject(err) : resolve())));
}

/**
 * The OS lock stops only programs that take it too; a terminal program or a script that opened
 * the port without it would share the line, each reading half of the replies. So a port another
 * process has open is closed again and refused, naming that program (where the OS shows it).
 */
async function refuseIfShared(path: string, device: string, stream: RawSerialStream): Promise<void> {
  const holders = await otherPortHolders(device);
  if (!holders || holders.length === 0) return;
  await new Promise<void>((resolve) => stream.close(() => resolve()));
  const who = holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ');
  throw new AppError('UNAVAILABLE', `serial port ${path} is open in another program: ${who}; close it there or pick another port`, { port: path, reason: 'busy' });
}

/** An ioctl-style refusal: the device (a pty, some USB adapters) does not do that setting. */
const unsupportedSetting = /inappropriate ioctl|not supported|invalid argument|ENOTTY|EINVAL/i;

/**
 * Opens a real serial port. Flow control a device refuses is dropped with a warning; RTS/DTR
 * that cannot be raised only warn.
 */
export async function openNodeSerialPort(options: SerialOpenOptions, create: RawStreamFactory = createRawStream): Promise<SerialPortLike> {
  const warnings: string[] = [];
  const flow = options.flowControl ?? 'none';
  const device = await resolveSerialDevice(options.path);
  const base = { path: device, baudRate: options.baudRate, lock: options.lock ?? true };
  const withFlow = { ...base, rtscts: flow === 'rtscts', xon: flow === 'xonxoff', xoff: flow === 'xonxoff' };
  let stream = create(withFlow);
  try {
    await openStream(stream);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (flow === 'none' || !unsupportedSetting.test(text)) throw describeOpenError(options.path, err);
    warnings.push(`serial port ${options.path} refused ${flow} flow control (${text}); running without it`);
    stream = create({ ...base, rtscts: false, xon: false, xoff: false });
    await openStream(stream).catch((again: unknown) => {
      throw describeOpenError(options.path, again);
    });
  }
  await refuseIfShared(options.path, device, stream);
  if (options.raiseRtsDtr) {
    const failed = await new Promise<Error | null>((resolve) => stream.set({ rts: true, dtr: true }, resolve));
    if (failed) warnings.push(`could not raise RTS/DTR on ${options.path} (${failed.message}); continuing without (normal on a pseudo-terminal)`);
  }
  return new NodeSerialPort(options.path, stream, warnings);
}

class NodeSerialPort extends PortEvents implements SerialPortLike {
  private closing = false;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly stream: RawSerialStream,
    readonly warnings: readonly string[],
  ) {
    super();
    stream.on('data', (chunk) => this.received(chunk));
    // Without an 'error' listener a stream error would crash the process; the close that
    // follows a real failure is what the connection acts on.
    stream.on('error', () => undefined);
    // A hung-up pty can read as end-of-file rather than an error: the device side is gone.
    stream.on('end', () => {
      if (this.closing || this.closed) return;
      this.closedBy('end of file from the device side');
      stream.close();
    });
    stream.on('close', (err) => this.closedBy(err?.message));
  }

  /** Reports the close once; any close we did not ask for is a disconnect. */
  private closedBy(reason: string | undefined): void {
    if (this.closed) return;
    this.closed = true;
    const closed: PortClosed = { disconnected: !this.closing, ...(reason ? { reason } : {}) };
    this.closedWith(closed);
  }

  get isOpen(): boolean {
    return !this.closed && this.stream.isOpen;
  }

  write(data: Buffer): Promise<void> {
    // Not open without our close: the port went away and its close event is still on its way.
    if (!this.isOpen) return Promise.reject(new AppError('UNAVAILABLE', `serial port ${this.path} is not open`, { port: this.path, reason: 'write-failed' }));
    return new Promise((resolve, reject) => {
      this.stream.write(data, (err) =>
        err ? reject(new AppError('UNAVAILABLE', `writing to ${this.path} failed: ${err.message}`, { port: this.path, reason: 'write-failed' })) : resolve(),
      );
    });
  }

  close(): Promise<void> {
    if (this.closed || !this.stream.isOpen) {
      this.closed = true;
      return Promise.resolve();
    }
    this.closing = true;
    return new Promise((resolve) => this.stream.close(() => resolve()));
  }
}
