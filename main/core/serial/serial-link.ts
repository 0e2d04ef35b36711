/**
 * Request/reply over one open port. Each command says whether the device answers it: a silent
 * setter is written and done (the predecessor waited for a reply after every write, so every
 * silent setter timed out). A query waits for one reply line, bounded by a timeout that names
 * the command and the port. After a timeout the link stays quiet for a moment and drops what
 * arrives, so a late reply is not taken as the answer to the next command; a link on a port
 * just opened can start quiet the same way (see `quietFirstMs`).
 */
import { AppError } from '../../../shared/errors.js';
import { CommandQueue } from './command-queue.js';
import { encodeCommand, LineSplitter, printable, type Framing } from './framing.js';
import type { SerialPortLike } from './serial-port-like.js';

/** Bytes arriving while quiet keep it quiet this much longer: a reply line's worth at 9600 baud. */
const QUIET_AFTER_BYTES_MS = 20;

/** One command and whether the device answers it. */
export interface SerialCommand {
  /** The command without its terminator (`D?`, `1VA5.000000`, `0gp`). */
  readonly text: string;
  /** False for commands the device never answers: they must not wait. */
  readonly expectsReply: boolean;
  /** Overrides the framing's reply timeout (an ELL14 move answers only when it is done). */
  readonly timeoutMs?: number;
}

/** Something that runs commands: a link, or a connection that routes to its current link. */
export interface Requester {
  request(command: SerialCommand): Promise<string | undefined>;
}

interface Pending {
  readonly command: SerialCommand;
  resolve(line: string): void;
  reject(err: Error): void;
}

/** Request/reply over one open port, one command in flight. */
export class SerialLink implements Requester {
  private readonly splitter: LineSplitter;
  private readonly queue: CommandQueue;
  private pending: Pending | undefined;
  private quietUntil = 0;
  private quietCap = 0;
  private failure: AppError | undefined;
  private readonly unsubscribe: () => void;
  /** Reply lines that arrived when no query was waiting (dropped). */
  unsolicited = 0;

  constructor(
    private readonly port: SerialPortLike,
    private readonly framing: Framing,
    options: {
      /** Drops what arrives for this long before the first command is sent. */
      readonly quietFirstMs?: number;
    } = {},
  ) {
    if (options.quietFirstMs) this.beQuiet(options.quietFirstMs);
    this.splitter = new LineSplitter(framing.maxLineLength);
    this.queue = new CommandQueue(`serial port ${port.path}`);
    this.unsubscribe = port.onData((chunk) => this.received(chunk));
  }

  /** Queues a command; resolves with the reply line (or undefined for a silent command). */
  request(command: SerialCommand): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return this.queue.run(() => this.exchange(command));
  }

  /** Fails the waiting and queued commands with `error` and refuses new ones. */
  fail(error: AppError): void {
    this.failure = error;
    this.unsubscribe();
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  /**
   * Drops what arrives for `ms`; bytes still arriving at its end make it last until the line
   * they belong to is over (a reply split across the end would otherwise be half taken), up to
   * four times `ms`. Measured on the monotonic clock: a wall clock set back meanwhile would
   * hold the next command back by as much.
   */
  private beQuiet(ms: number): void {
    const now = performance.now();
    this.quietUntil = now + ms;
    this.quietCap = now + 4 * ms;
  }

  private async exchange(command: SerialCommand): Promise<string | undefined> {
    if (this.failure) throw this.failure;
    for (let quiet = this.quietUntil - performance.now(); quiet > 0; quiet = this.quietUntil - performance.now()) await new Promise((r) => setTimeout(r, quiet));
    // Closed or lost while waiting: the command must not go out.
    if (this.failure) throw this.failure;
    this.splitter.reset();
    if (!command.expectsReply) {
      await this.port.write(encodeCommand(command.text, this.framing));
      return undefined;
    }
    // Listen before writing: on a pty the reply can arrive before the write callback does.
    const reply = this.awaitReply(command);
    this.port.write(encodeCommand(command.text, this.framing)).catch((err: Error) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(err);
    });
    return reply;
  }

  private awaitReply(command: SerialCommand): Promise<string> {
    const ms = command.timeoutMs ?? this.framing.replyTimeoutMs;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending !== entry) return;
        this.pending = undefined;
        // A reply that is merely late must not become the answer to the next command.
        this.beQuiet(Math.min(50, ms / 4));
        reject(new AppError('TIMEOUT', `no reply to "${printable(command.text)}" from ${this.port.path} within ${ms} ms`, { port: this.port.path, command: command.text }));
      }, ms);
      const entry: Pending = {
        command,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.pending = entry;
    });
  }

  private received(chunk: Buffer): void {
    const now = performance.now();
    if (!this.pending && now < this.quietUntil) this.quietUntil = Math.min(this.quietCap, Math.max(this.quietUntil, now + QUIET_AFTER_BYTES_MS));
    for (const event of this.splitter.push(chunk)) {
      const pending = this.pending;
      if (!pending) {
        if (event.kind === 'line') this.unsolicited += 1;
        continue;
      }
      this.pending = undefined;
      if (event.kind === 'line') pending.resolve(event.line);
      else {
        pending.reject(
          new AppError('DEVICE_ERROR', `garbled reply to "${printable(pending.command.text)}" from ${this.port.path}: ${event.bytes} bytes without a line end (wrong baud rate?)`, {
            port: this.port.path,
          }),
        );
      }
    }
  }
}
