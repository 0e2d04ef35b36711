/**
 * A fake serial port for tests of the link and the connection above it: what is written is
 * recorded, and the device's bytes arrive on later timer turns, so fake time can place them.
 */
import { EventEmitter } from 'node:events';
import { AppError } from '../../../../shared/errors.js';
import type { PortClosed, SerialPortLike } from '../serial-port-like.js';

/** A port whose device answers through `script`: each test decides the replies and when they come. */
export class ScriptedPort implements SerialPortLike {
  readonly path = '/dev/ttyFAKE0';
  readonly warnings: string[] = [];
  readonly written: string[] = [];
  isOpen = true;
  failWrites = false;
  private readonly events = new EventEmitter();

  constructor(private readonly script: (command: string, port: ScriptedPort) => void = () => undefined) {}

  async write(data: Buffer): Promise<void> {
    if (this.failWrites) throw new AppError('UNAVAILABLE', 'writing to /dev/ttyFAKE0 failed: EIO');
    const text = data.toString('latin1');
    this.written.push(text);
    this.script(text, this);
  }

  /** The device sends bytes, on a later turn as a real port would. */
  answer(text: string | Buffer, delayMs = 0): void {
    setTimeout(() => this.events.emit('data', typeof text === 'string' ? Buffer.from(text, 'latin1') : text), delayMs);
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.events.on('data', listener);
    return () => this.events.off('data', listener);
  }

  onClose(listener: (closed: PortClosed) => void): () => void {
    this.events.on('close', listener);
    return () => this.events.off('close', listener);
  }
}
