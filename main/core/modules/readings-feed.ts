/**
 * What modules read of the instruments: the latest reading of every channel, and a wait for the
 * next one. A module never holds a driver; the core pushes every processed reading here, and a
 * scan waits for a reading that arrives after its rotator has arrived, so it never records a
 * power measured before the move.
 */
import { AppError } from '../../../shared/errors.js';
import type { Reading } from '../../../shared/model/runtime.js';
import { withTimeout } from '../instruments/index.js';

export interface WaitOptions {
  /** Gives up with TIMEOUT after this long. */
  readonly timeoutMs: number;
  /** Gives up when aborted (the run ended), with the abort's reason. */
  readonly signal?: AbortSignal;
  /** Only a reading this accepts ends the wait (a position within tolerance). */
  readonly accept?: (reading: Reading) => boolean;
  /** What is awaited, for the timeout's message ("a power reading"). */
  readonly what?: string;
}

interface Waiter {
  readonly accept: (reading: Reading) => boolean;
  /** Ends the wait with this reading; the waiter leaves the set once its promise settles. */
  readonly settle: (reading: Reading) => void;
}

/** Latest readings by channel (`<instrument>:<channel>`) and the waits for new ones. */
export class ReadingsFeed {
  private readonly latestByChannel = new Map<string, Reading>();
  private readonly waiters = new Map<string, Set<Waiter>>();

  /** A reading of an instrument, after its processors. */
  push(reading: Reading): void {
    this.latestByChannel.set(reading.channel, reading);
    const waiting = this.waiters.get(reading.channel);
    if (!waiting) return;
    for (const waiter of [...waiting]) if (waiter.accept(reading)) waiter.settle(reading);
  }

  /** The latest reading of every channel, by channel name (`GetLatestReadings`). */
  all(): Reading[] {
    return [...this.latestByChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  }

  latest(channel: string): Reading | undefined {
    return this.latestByChannel.get(channel);
  }

  /** Whether a wait for the next reading of `channel` is open (what a run is blocked on now). */
  waiting(channel: string): boolean {
    return (this.waiters.get(channel)?.size ?? 0) > 0;
  }

  /** Forgets the readings of an instrument that went away, so nobody takes them as current. */
  forget(instrumentId: string): void {
    for (const channel of [...this.latestByChannel.keys()]) if (channel.startsWith(`${instrumentId}:`)) this.latestByChannel.delete(channel);
  }

  /** The first reading of `channel` that arrives from now on (and that `accept` takes). */
  next(channel: string, options: WaitOptions): Promise<Reading> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let cleanup = (): void => undefined;
    const waiting = new Promise<Reading>((resolve, reject) => {
      let set = this.waiters.get(channel);
      if (!set) {
        set = new Set();
        this.waiters.set(channel, set);
      }
      const waiters = set;
      const aborted = (): void => reject(signal?.reason);
      const waiter: Waiter = { accept: options.accept ?? (() => true), settle: resolve };
      signal?.addEventListener('abort', aborted, { once: true });
      waiters.add(waiter);
      cleanup = () => {
        signal?.removeEventListener('abort', aborted);
        waiters.delete(waiter);
        if (waiters.size === 0 && this.waiters.get(channel) === waiters) this.waiters.delete(channel);
      };
    });
    return withTimeout(waiting, options.timeoutMs, `waiting for ${options.what ?? 'a reading'} from ${channel}`)
      .catch((err: unknown) => {
        const last = this.latestByChannel.get(channel);
        if (!(err instanceof AppError) || err.code !== 'TIMEOUT' || !last) throw err;
        throw new AppError('TIMEOUT', `${err.message}; the last one was ${last.value} ${last.unit}`, { channel });
      })
      .finally(cleanup);
  }
}
