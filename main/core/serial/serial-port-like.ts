/**
 * The little the drivers need of a serial port. The real adapter wraps `serialport`; the
 * in-process simulators implement it directly, so a `sim://` instrument runs the very same
 * driver code as one on a cable.
 */

/** How to open a port. Framing bits are fixed at 8N1: every instrument we drive uses it. */
export interface SerialOpenOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly flowControl?: 'none' | 'rtscts' | 'xonxoff';
  /** Raise RTS and DTR after opening (some controllers want them); a pty refuses, which only warns. */
  readonly raiseRtsDtr?: boolean;
  /** Take an exclusive lock so another program cannot open the port too (default true). */
  readonly lock?: boolean;
}

/** Why a port closed: `disconnected` when it went away (unplugged), not when we closed it. */
export interface PortClosed {
  readonly disconnected: boolean;
  readonly reason?: string;
}

/** An open serial port (real, or a simulator's in-process one). */
export interface SerialPortLike {
  readonly path: string;
  readonly isOpen: boolean;
  /** Settings the port could not take (RTS/DTR, flow control on a pty); the port works without. */
  readonly warnings: readonly string[];
  /** Resolves once the bytes are handed to the OS; rejects when the port is closed. */
  write(data: Buffer): Promise<void>;
  /** Closes the port; closing a closed port is a no-op. */
  close(): Promise<void>;
  /** Subscribes to received bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Subscribes to the port closing, whoever closed it; returns the unsubscribe function. */
  onClose(listener: (closed: PortClosed) => void): () => void;
}

/** Opens a port or rejects with an error that names it. */
export type PortOpener = (options: SerialOpenOptions) => Promise<SerialPortLike>;
