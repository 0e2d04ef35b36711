/**
 * Reconnection delays, the one schedule every retry loop of the app uses (serial links, an
 * instrument that could not connect, the browser's socket to the core): exponential with a cap
 * and some jitter, so a lab full of instruments on one USB hub that comes back does not hammer
 * it in lockstep. Pure logic: the caller owns the timer.
 */

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: each delay is scaled by a random factor in [1 - jitter, 1]. */
  readonly jitter: number;
}

/** 250 ms doubling to 5 s, each shortened by up to a fifth. */
export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 5000, factor: 2, jitter: 0.2 };

/** The delays of one run of attempts. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = defaultBackoff,
    private readonly random: () => number = Math.random,
  ) {}

  /** Attempts so far since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const raw = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt += 1;
    return Math.round(raw * (1 - jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
