/**
 * One command in flight per port: a request waits for the one before it to finish (reply,
 * timeout or error), so replies can never be matched to the wrong command. Bounded, so a
 * runaway caller gets an error instead of an ever-growing backlog.
 */
import { AppError } from '../../../shared/errors.js';

/** The queue of one port. */
export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly name: string,
    private readonly maxWaiting = 64,
  ) {}

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Runs `job` after every job queued before it; its result or error is the caller's. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxWaiting) {
      return Promise.reject(new AppError('UNAVAILABLE', `the command queue of ${this.name} is full (${this.maxWaiting} waiting)`));
    }
    this.waiting += 1;
    const result = this.tail.then(job).finally(() => {
      this.waiting -= 1;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
