import { describe, expect, it } from 'vitest';
import { CommandQueue } from './command-queue.js';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('CommandQueue', () => {
  it('runs one job at a time, in order of arrival', async () => {
    const q = new CommandQueue('port');
    const log: string[] = [];
    const first = deferred<string>();
    const a = q.run(async () => {
      log.push('a start');
      const v = await first.promise;
      log.push('a end');
      return v;
    });
    const b = q.run(async () => {
      log.push('b');
      return 'B';
    });
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['a start']);
    expect(q.size).toBe(2);
    first.resolve('A');
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
    expect(log).toEqual(['a start', 'a end', 'b']);
    expect(q.size).toBe(0);
  });

  it('a failing job fails only its caller; the next runs', async () => {
    const q = new CommandQueue('port');
    const bad = q.run(() => Promise.reject(new Error('no reply')));
    const good = q.run(async () => 42);
    await expect(bad).rejects.toThrow('no reply');
    expect(await good).toBe(42);
  });

  it('refuses jobs beyond its bound with an error naming the port', async () => {
    const q = new CommandQueue('serial port /dev/ttyUSB0', 2);
    const hold = deferred<void>();
    const a = q.run(() => hold.promise);
    const b = q.run(async () => undefined);
    await expect(q.run(async () => undefined)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'the command queue of serial port /dev/ttyUSB0 is full (2 waiting)' });
    hold.resolve();
    await Promise.all([a, b]);
    await expect(q.run(async () => 'again')).resolves.toBe('again');
  });
});
