/**
 * The request/reply helper against a scripted port (a fake whose replies each test decides):
 * silent commands never wait, queries wait for one line, timeouts name command and port, a late
 * reply is not taken for the next command's, and one command is in flight at a time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { Framing } from './framing.js';
import { SerialLink } from './serial-link.js';
import { ScriptedPort } from './test-support/scripted-port.js';

const lf: Framing = { terminator: '\n', replyTimeoutMs: 100 };

afterEach(() => {
  vi.useRealTimers();
});

describe('SerialLink', () => {
  it('writes a silent command with its terminator and resolves without waiting for a reply', async () => {
    // The port never answers and fake time never moves, so no reply and no reply timeout can
    // ever end the call: it must resolve on its own, within the turns its write takes. The
    // sentinel is a real setImmediate, which runs only once every pending promise step has.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const port = new ScriptedPort();
    const link = new SerialLink(port, { ...lf, replyTimeoutMs: 600_000 });
    const call = link.request({ text: 'A1', expectsReply: false }).then((reply) => ({ returned: reply }));
    const stillWaiting = new Promise((resolve) => setImmediate(() => resolve('still waiting for a reply')));
    expect(await Promise.race([call, stillWaiting])).toEqual({ returned: undefined });
    expect(port.written).toEqual(['A1\n']);
  });

  it('resolves a query with its reply line', async () => {
    const port = new ScriptedPort((cmd, p) => cmd === 'W?\n' && p.answer('0800\n'));
    const link = new SerialLink(port, lf);
    await expect(link.request({ text: 'W?', expectsReply: true })).resolves.toBe('0800');
  });

  it('times out a query with TIMEOUT naming the command, the port and the time; a per-command timeout wins', async () => {
    const link = new SerialLink(new ScriptedPort(), lf);
    await expect(link.request({ text: 'D?', expectsReply: true })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'no reply to "D?" from /dev/ttyFAKE0 within 100 ms',
      details: { port: '/dev/ttyFAKE0', command: 'D?' },
    });
    await expect(link.request({ text: 'D?', expectsReply: true, timeoutMs: 20 })).rejects.toThrow('within 20 ms');
  });

  it('drops a reply that arrives late, so the next command gets its own', async () => {
    // Where the late reply lands, between the timeout and the end of the quiet time, is the
    // point: fake time (the link measures the quiet time with performance.now) puts it there exactly.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let n = 0;
    const port = new ScriptedPort((cmd, p) => {
      n += 1;
      // The first reply comes 10 ms after the 100 ms timeout, within the 25 ms quiet time (and
      // keeps it quiet 20 ms past its arrival); the next command's reply takes 20 ms, so had
      // that command been written at once, the late reply would have reached it first.
      if (n === 1) p.answer('late\n', 110);
      else p.answer(`reply ${n}\n`, 20);
    });
    const link = new SerialLink(port, lf);
    const first = expect(link.request({ text: 'D?', expectsReply: true })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(100);
    await first;
    // Asked right after the timeout: the link waits out the quiet time before writing it.
    const second = link.request({ text: 'D?', expectsReply: true });
    await vi.advanceTimersByTimeAsync(29);
    expect(port.written).toEqual(['D?\n']);
    expect(link.unsolicited).toBe(1);
    await vi.advanceTimersByTimeAsync(21);
    await expect(second).resolves.toBe('reply 2');
    expect(port.written).toEqual(['D?\n', 'D?\n']);
  });

  it('on a port just opened, drops what arrives before its first command goes out', async () => {
    // The port's previous owner (a process killed mid-query) left a reply coming: 20 ms after
    // the open. Our first query's own reply takes 30 ms, so written at once it would have been
    // answered by the stale line; written after the 50 ms quiet time, it gets its own.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const port = new ScriptedPort((cmd, p) => cmd === 'U?\n' && p.answer('1\n', 30));
    port.answer('9.871E-4\n', 20);
    const link = new SerialLink(port, lf, { quietFirstMs: 50 });
    const first = link.request({ text: 'U?', expectsReply: true });
    await vi.advanceTimersByTimeAsync(49);
    expect(port.written).toEqual([]);
    expect(link.unsolicited).toBe(1);
    await vi.advanceTimersByTimeAsync(31);
    await expect(first).resolves.toBe('1');
  });

  it('stays quiet while a stale reply is still arriving, so none of it is taken for the first answer', async () => {
    // The stale line starts 5 ms before the quiet start would end and ends 5 ms after it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const port = new ScriptedPort((cmd, p) => cmd === 'U?\n' && p.answer('1\n', 30));
    port.answer('9.87', 45);
    port.answer('1E-4\n', 55);
    const link = new SerialLink(port, lf, { quietFirstMs: 50 });
    const first = link.request({ text: 'U?', expectsReply: true });
    await vi.advanceTimersByTimeAsync(74);
    expect(port.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(31);
    await expect(first).resolves.toBe('1');
  });

  it('ends a quiet time at four times its length even while a device keeps talking', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const port = new ScriptedPort();
    // A device that streams on its own, a few bytes every 10 ms, never a whole line.
    for (let t = 0; t < 400; t += 10) port.answer('x', t);
    const link = new SerialLink(port, lf, { quietFirstMs: 50 });
    const silent = link.request({ text: 'A1', expectsReply: false });
    await vi.advanceTimersByTimeAsync(199);
    expect(port.written).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await silent;
    expect(port.written).toEqual(['A1\n']);
  });

  it('is not held back by a wall clock set back during its quiet time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const port = new ScriptedPort((cmd, p) => cmd === 'U?\n' && p.answer('1\n', 30));
    const link = new SerialLink(port, lf, { quietFirstMs: 50 });
    const first = link.request({ text: 'U?', expectsReply: true });
    await vi.advanceTimersByTimeAsync(10);
    vi.setSystemTime(Date.now() - 3_600_000); // the clock synchronised an hour back
    await vi.advanceTimersByTimeAsync(70);
    await expect(first).resolves.toBe('1');
  });

  it('sends nothing once failed while waiting out a quiet time, and says why', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const port = new ScriptedPort();
    const link = new SerialLink(port, lf, { quietFirstMs: 50 });
    const first = expect(link.request({ text: 'U?', expectsReply: true })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(10);
    link.fail(new AppError('UNAVAILABLE', 'serial port /dev/ttyFAKE0 was closed'));
    await vi.advanceTimersByTimeAsync(50);
    await first;
    expect(port.written).toEqual([]);
  });

  it('keeps one command in flight: the next is written only once the previous has its reply', async () => {
    // Fake time: "before the first reply" is an exact instant, not a guess at how long to wait.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const port = new ScriptedPort((cmd, p) => p.answer(`${cmd.trim()} done\n`, 15));
    const link = new SerialLink(port, lf);
    const a = link.request({ text: 'first?', expectsReply: true });
    const b = link.request({ text: 'second?', expectsReply: true });
    // Up to the moment before the first reply, everything the link would do has been done.
    await vi.advanceTimersByTimeAsync(14);
    expect(port.written).toEqual(['first?\n']);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.written).toEqual(['first?\n', 'second?\n']);
    await vi.advanceTimersByTimeAsync(15);
    expect(await Promise.all([a, b])).toEqual(['first? done', 'second? done']);
  });

  it('reports bytes with no line end (a wrong baud rate) as a garbled reply', async () => {
    const port = new ScriptedPort((_, p) => p.answer(Buffer.alloc(5000, 0xaa)));
    const link = new SerialLink(port, lf);
    await expect(link.request({ text: 'D?', expectsReply: true })).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: 'garbled reply to "D?" from /dev/ttyFAKE0: 5000 bytes without a line end (wrong baud rate?)',
    });
  });

  it('fail() rejects the waiting and the queued commands with the reason and refuses new ones', async () => {
    const link = new SerialLink(new ScriptedPort(), { ...lf, replyTimeoutMs: 10_000 });
    const waiting = link.request({ text: 'D?', expectsReply: true });
    const queued = link.request({ text: 'W?', expectsReply: true });
    await new Promise((r) => setImmediate(r));
    const gone = new AppError('UNAVAILABLE', 'serial port /dev/ttyFAKE0 disconnected');
    link.fail(gone);
    await expect(waiting).rejects.toBe(gone);
    await expect(queued).rejects.toBe(gone);
    await expect(link.request({ text: 'A1', expectsReply: false })).rejects.toBe(gone);
  });

  it('a failed write fails its command at once', async () => {
    const port = new ScriptedPort();
    port.failWrites = true;
    const link = new SerialLink(port, { ...lf, replyTimeoutMs: 10_000 });
    await expect(link.request({ text: 'D?', expectsReply: true })).rejects.toThrow('writing to /dev/ttyFAKE0 failed: EIO');
    await expect(link.request({ text: 'A1', expectsReply: false })).rejects.toThrow('EIO');
  });
});
