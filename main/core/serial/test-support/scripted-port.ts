/**
 * A fake serial port for tests of the link and the connection above it: what is written is
 * recorded, and the device's bytes arrive on later timer turns, so fake time can place them.
 */
import { AppError } from '../../../../shared/errors.js';
import { PortEvents } from '../port-events.js';
import type { SerialPortLike } from '../serial-port-like.js';

/** A port whose device answers through `script`: each test decides the replies and when they come. */
export class ScriptedPort extends PortEvents implements SerialPortLike {
  readonly path = '/dev/ttyFAKE0';
  readonly warnings: string[] = [];
  readonly written: string[] = [];
  isOpen = true;
  failWrites = false;

  constructor(private readonly script: (command: string, port: ScriptedPort) => void = () => undefined) {
    super();
  }

  async write(data: Buffer): Promise<void> {
    if (this.failWrites) throw new AppError('UNAVAILABLE', 'writing to /dev/ttyFAKE0 failed: EIO');
    const text = data.toString('latin1');
    this.written.push(text);
    this.script(text, this);
  }

  /** The device sends bytes, on a later turn as a real port would. */
  answer(text: string | Buffer, delayMs = 0): void {
    setTimeout(() => this.received(typeof text === 'string' ? Buffer.from(text, 'latin1') : text), delayMs);
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }
}
