import { describe, expect, it } from 'vitest';
import { Mailbox } from './mailbox.js';

// A job yields to the event loop for a while, as real work does. No assertion depends on how
// long: a mailbox that let jobs overlap fails `active` at once, whatever the durations; tick()
// with no time is one turn of the event loop, for the bookkeeping after a job.
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('Mailbox', () => {
  it('runs jobs one at a time, in arrival order, even when an earlier job throws', async () => {
    const mailbox = new Mailbox();
    const log: string[] = [];
    let active = 0;
    const job = (name: string, ms: number, fail = false) => async () => {
      active += 1;
      expect(active).toBe(1);
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      active -= 1;
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const a = mailbox.post(job('a', 15));
    const b = mailbox.post(job('b', 1, true));
    const c = mailbox.post(job('c', 5));
    const d = mailbox.post(async () => {
      log.push('sync d');
      throw new Error('d failed');
    });
    const e = mailbox.post(job('e', 0));
    expect(mailbox.depth).toBe(5);
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('c');
    await expect(d).rejects.toThrow('d failed');
    await expect(e).resolves.toBe('e');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'sync d', 'start e', 'end e']);
    await tick();
    expect(mailbox.depth).toBe(0);
  });

  it('accepts new jobs after it has drained', async () => {
    const mailbox = new Mailbox();
    await mailbox.post(async () => 1);
    await tick();
    expect(mailbox.depth).toBe(0);
    await expect(mailbox.post(async () => 2)).resolves.toBe(2);
  });
});
