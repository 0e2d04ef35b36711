/**
 * One command at a time, in arrival order. Every state change of the core goes through here,
 * so no feature needs locks for in-memory state.
 */
export class Mailbox {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `job` after every job posted before it has settled; its result or throw is returned. */
  post<T>(job: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const run = this.tail.then(job, job);
    this.tail = run.then(
      () => this.settle(),
      () => this.settle(),
    );
    return run;
  }

  /** How many jobs are queued or running (for diagnostics and tests). */
  get depth(): number {
    return this.pending;
  }

  private settle(): void {
    this.pending -= 1;
  }
}
