import { describe, expect, it } from 'vitest';
import { Backoff, defaultBackoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => b.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.attempts).toBe(6);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitters each delay down by at most the jitter fraction', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 1000, factor: 2, jitter: 0.2 }, () => 1);
    const high = new Backoff({ initialMs: 1000, maxMs: 1000, factor: 2, jitter: 0.2 }, () => 0);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1000);
  });

  it('defaults to 250 ms doubling to 5 s', () => {
    expect(defaultBackoff).toMatchObject({ initialMs: 250, maxMs: 5000, factor: 2 });
  });
});
