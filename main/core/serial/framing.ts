/**
 * Per-device framing: what ends a command, how long a reply may take, and how replies are cut
 * into lines. Replies end in CR, LF or CR LF depending on the device (and, for the MaiTai, on
 * the firmware), so a reply line ends at either byte and empty lines are dropped.
 */

export interface Framing {
  /** Appended to every command: `\n` (1830-C), `\r\n` (ESP300, MaiTai), `` (ELL14). */
  readonly terminator: string;
  /** How long a query may wait for its reply unless the command says otherwise. */
  readonly replyTimeoutMs: number;
  /** Longest reply line accepted; more without a line end is garbage (a wrong baud rate). */
  readonly maxLineLength?: number;
}

/** The bytes on the wire for one command (latin1: the protocols are 7-bit ASCII). */
export function encodeCommand(text: string, framing: Framing): Buffer {
  return Buffer.from(text + framing.terminator, 'latin1');
}

/** A reply line made printable for an error message: control and high bytes as \xNN. */
export function printable(line: string, max = 60): string {
  const escaped = line.slice(0, max).replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return line.length > max ? `${escaped}…` : escaped;
}

/** A complete reply line, or too many bytes without a line end. */
export type SplitEvent = { kind: 'line'; line: string } | { kind: 'overflow'; bytes: number };

/** Cuts a byte stream into reply lines; keeps an unfinished line until its end arrives. */
export class LineSplitter {
  private partial = '';

  constructor(private readonly maxLineLength = 4096) {}

  /** Feeds bytes; returns the complete lines (and overflows) they finish. */
  push(chunk: Buffer): SplitEvent[] {
    const out: SplitEvent[] = [];
    let text = this.partial + chunk.toString('latin1');
    for (;;) {
      const end = text.search(/[\r\n]/);
      if (end < 0) break;
      const line = text.slice(0, end);
      text = text.slice(end + 1);
      if (line.length > 0) out.push({ kind: 'line', line });
    }
    if (text.length > this.maxLineLength) {
      out.push({ kind: 'overflow', bytes: text.length });
      text = '';
    }
    this.partial = text;
    return out;
  }

  /** Drops an unfinished line (before a new command, so stale bytes cannot prefix its reply). */
  reset(): void {
    this.partial = '';
  }

  get pending(): number {
    return this.partial.length;
  }
}
