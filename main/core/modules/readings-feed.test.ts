import { describe, expect, it } from 'vitest';
import { ReadingsFeed } from './readings-feed.js';

const r = (channel: string, value: number, timestamp = 0) => ({ channel, value, unit: 'W', timestamp });

describe('ReadingsFeed', () => {
  it('keeps the latest reading per channel and forgets an instrument’s', () => {
    const feed = new ReadingsFeed();
    feed.push(r('pm:power', 1));
    feed.push(r('pm:power', 2));
    feed.push(r('pm2:power', 3));
    expect(feed.latest('pm:power')?.value).toBe(2);
    feed.forget('pm');
    expect(feed.latest('pm:power')).toBeUndefined();
    expect(feed.latest('pm2:power')?.value).toBe(3);
  });

  it('a wait takes only a reading that arrives after it began and that it accepts', async () => {
    const feed = new ReadingsFeed();
    feed.push(r('stage:position', 5));
    expect(feed.waiting('stage:position')).toBe(false);
    const arrived = feed.next('stage:position', { timeoutMs: 1000, accept: (x) => Math.abs(x.value - 10) < 0.01 });
    const any = feed.next('stage:position', { timeoutMs: 1000 });
    feed.push(r('stage:position', 7));
    feed.push(r('stage:position', 10.001));
    expect((await any).value).toBe(7);
    expect((await arrived).value).toBe(10.001);
    // Both waits are over: nothing waits for the channel any more.
    expect(feed.waiting('stage:position')).toBe(false);
  });

  it('gives up after its timeout, saying what it waited for and the last value', async () => {
    const feed = new ReadingsFeed();
    feed.push(r('pm:power', 0.5));
    await expect(feed.next('pm:power', { timeoutMs: 20, accept: () => false, what: 'a power reading' })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'waiting for a power reading from pm:power did not finish within 20 ms; the last one was 0.5 W',
    });
    await expect(feed.next('none:power', { timeoutMs: 5 })).rejects.toMatchObject({ code: 'TIMEOUT', message: 'waiting for a reading from none:power did not finish within 5 ms' });
  });

  it('gives up when aborted, with the abort’s reason, also when aborted before it began', async () => {
    const feed = new ReadingsFeed();
    const controller = new AbortController();
    const waiting = feed.next('pm:power', { timeoutMs: 10_000, signal: controller.signal });
    controller.abort(new Error('run stopped'));
    await expect(waiting).rejects.toThrow('run stopped');
    await expect(feed.next('pm:power', { timeoutMs: 10_000, signal: controller.signal })).rejects.toThrow('run stopped');
    feed.push(r('pm:power', 1));
    expect(feed['waiters'].size).toBe(0);
  });
});
