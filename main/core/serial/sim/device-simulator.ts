/**
 * The common part of the instrument simulators: cutting received bytes into commands, keeping
 * the exact bytes of every command (tests assert on them), answering through whatever carries
 * the simulator (an in-process port or a pseudo-terminal), and injected faults — no reply,
 * garbage instead of a reply, and a disconnect the transport carries out.
 */

/** What carries a simulator's replies, and how it is unplugged and plugged back in. */
export interface SimTransport {
  send(bytes: Buffer): void;
  unplug?(): void | Promise<void>;
  replug?(): void | Promise<void>;
}

/** Faults a simulator can inject into its replies. */
export type SimFault = 'no-reply' | 'garbage';

/** A command as it arrived: `raw` with its terminator, `text` without. */
export interface ReceivedCommand {
  readonly raw: string;
  readonly text: string;
}

/** Bytes no instrument sends as a reply: high bytes and punctuation, as from a wrong baud rate. */
const GARBAGE = Buffer.from([0xfe, 0x3f, 0x8a, 0x21, 0x7e, 0x00, 0xd5]);

/** Base of the instrument simulators. */
export abstract class DeviceSimulator {
  /** Every command received, exactly as it arrived (terminator included), oldest first. */
  readonly received: string[] = [];
  /** Called with each command as it arrives (`daq simulate --verbose` prints them). */
  onCommand: ((raw: string) => void) | undefined;
  protected buffer = '';
  private transport: SimTransport | undefined;
  private fault: { kind: SimFault; remaining: number } | undefined;

  /** `now` drives the changing values (milliseconds); tests may pin it. */
  constructor(protected readonly now: () => number = Date.now) {}

  /** What ends a reply line on the wire. */
  protected abstract readonly replyTerminator: string;

  /** Answers one command; undefined means the device stays silent. */
  protected abstract handle(command: string): string | undefined;

  attach(transport: SimTransport): void {
    this.transport = transport;
  }

  detach(): void {
    this.transport = undefined;
    this.buffer = '';
  }

  /** Feeds bytes from the host. */
  receive(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    for (const command of this.takeCommands()) {
      this.received.push(command.raw);
      this.onCommand?.(command.raw);
      const reply = this.handle(command.text);
      if (reply !== undefined) this.reply(reply);
    }
  }

  /** The next `count` replies are dropped or replaced by garbage (default: until cleared). */
  injectFault(kind: SimFault, count = Infinity): void {
    this.fault = { kind, remaining: count };
  }

  clearFaults(): void {
    this.fault = undefined;
  }

  /** Pulls the plug: the transport closes the host's port as a disconnect. */
  async disconnect(): Promise<void> {
    await this.transport?.unplug?.();
  }

  /** Plugs back in: the same port path works again. */
  async reconnect(): Promise<void> {
    await this.transport?.replug?.();
  }

  /** Forgets the received commands (between steps of a test). */
  clearReceived(): void {
    this.received.length = 0;
  }

  /**
   * Cuts line commands: a command ends at CR, LF or CR LF (the MaiTai takes all three). A lone
   * LF right after a CR-terminated command is that command's, not an empty command.
   */
  protected takeCommands(): ReceivedCommand[] {
    const out: ReceivedCommand[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      if (m[0] === '\r' && m.index === this.buffer.length - 1) {
        // A CR at the very end may be the first half of CR LF: take the command now, and let
        // a LF that follows join it.
        out.push({ raw: this.buffer, text: this.buffer.slice(0, -1) });
        this.buffer = '';
        this.pendingCr = true;
        break;
      }
      const text = this.buffer.slice(0, m.index);
      const raw = this.buffer.slice(0, m.index + m[0].length);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (text === '' && m[0] === '\n' && this.pendingCr && this.received.length > 0) {
        this.received[this.received.length - 1] += '\n';
      } else if (text !== '') out.push({ raw, text });
      this.pendingCr = false;
    }
    return out;
  }

  private pendingCr = false;

  /** Sends one reply line, unless an injected fault drops or garbles it. */
  protected reply(text: string): void {
    const fault = this.fault;
    if (fault && fault.remaining > 0) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.fault = undefined;
      if (fault.kind === 'no-reply') return;
      this.transport?.send(Buffer.concat([GARBAGE, Buffer.from(this.replyTerminator, 'latin1')]));
      return;
    }
    this.transport?.send(Buffer.from(text + this.replyTerminator, 'latin1'));
  }
}

/** A smooth, deterministic wobble in [-1, 1] of period `periodMs` (values change plausibly). */
export function wobble(t: number, periodMs: number, phase = 0): number {
  return Math.sin((2 * Math.PI * t) / periodMs + phase);
}
