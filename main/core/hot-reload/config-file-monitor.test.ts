/**
 * Real files, real chokidar: every way editors save a file is seen, bursts settle into one
 * read of the final content, and a deleted file is reported as missing until it comes back.
 * A save made of several steps may be read in between when the machine is slow (a real state
 * of the file), so those tests wait for the final content rather than for the next read.
 */
import { appendFile, mkdtemp, open, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigFileMonitor, type SettledContent } from './config-file-monitor.js';
import { chokidarWatcherFactory, type FileEventKind, type WatcherFactory } from './file-watcher.js';

const DEBOUNCE = 150;
let dir: string;
let target: string;
let monitor: ConfigFileMonitor;
let settled: SettledContent[];
let waiters: (() => void)[];
/** Every event the real watcher passed on to the monitor, in order. */
let forwarded: FileEventKind[];

const recordingChokidar: WatcherFactory = (path, onEvent, onError) =>
  chokidarWatcherFactory(
    path,
    (kind) => {
      forwarded.push(kind);
      onEvent(kind);
    },
    onError,
  );

function nextSettle(timeoutMs = 4000): Promise<SettledContent> {
  const seen = settled.length;
  return new Promise((done, reject) => {
    const timer = setTimeout(() => reject(new Error('no settled read')), timeoutMs);
    const check = (): void => {
      if (settled.length > seen) {
        clearTimeout(timer);
        done(settled[settled.length - 1] as SettledContent);
      } else waiters.push(check);
    };
    check();
  });
}

/** The first settled read equal to `expected`, earlier reads of steps in between tolerated. */
async function settledTo(expected: SettledContent, timeoutMs = 4000): Promise<SettledContent> {
  for (;;) {
    const read = await nextSettle(timeoutMs);
    if (JSON.stringify(read) === JSON.stringify(expected)) return read;
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-watch-'));
  target = join(dir, 'config.toml');
  await writeFile(target, 'v = 0\n');
  settled = [];
  waiters = [];
  forwarded = [];
  monitor = new ConfigFileMonitor(target, DEBOUNCE, recordingChokidar, (c) => {
    settled.push(c);
    for (const w of waiters.splice(0)) w();
  });
  await monitor.start();
});

afterEach(async () => {
  await monitor.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('save styles', () => {
  it('write in place', async () => {
    const next = nextSettle();
    await writeFile(target, 'v = 1\n');
    expect(await next).toEqual({ text: 'v = 1\n' });
  });

  it('temp file + rename (VS Code and most atomic writers)', async () => {
    const next = nextSettle();
    await writeFile(join(dir, '.config.toml.tmp'), 'v = 2\n');
    await rename(join(dir, '.config.toml.tmp'), target);
    expect(await next).toEqual({ text: 'v = 2\n' });
  });

  it('rename original to backup + write new (vim)', async () => {
    const next = settledTo({ text: 'v = 3\n' });
    await rename(target, join(dir, 'config.toml~'));
    await writeFile(target, 'v = 3\n');
    await next;
    // The watch survives the inode change: a second save is seen too.
    const again = nextSettle();
    await writeFile(target, 'v = 4\n');
    expect(await again).toEqual({ text: 'v = 4\n' });
  });

  it('delete + create', async () => {
    const next = settledTo({ text: 'v = 5\n' });
    await unlink(target);
    await writeFile(target, 'v = 5\n');
    await next;
  });

  it('truncate, then write in a second step', async () => {
    const next = settledTo({ text: 'v = 6\n' });
    const handle = await open(target, 'r+');
    await handle.truncate(0);
    await handle.close();
    await appendFile(target, 'v = 6\n');
    await next;
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies only the final content of rapid successive saves, once', async () => {
    // The quiet period is the point: the test sends the file events and fakes the timer, so
    // the saves are a quarter of it apart however busy the machine is, and span two of it.
    await monitor.stop();
    let send = (): void => undefined;
    const reads: SettledContent[] = [];
    let read = (): void => undefined;
    const manual = new ConfigFileMonitor(
      target,
      DEBOUNCE,
      async (_target, onEvent) => {
        send = () => onEvent('change');
        return { close: async () => undefined };
      },
      (c) => {
        reads.push(c);
        read();
      },
    );
    await manual.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (let i = 1; i <= 8; i += 1) {
      await writeFile(target, `v = ${i}0\n`);
      send();
      await vi.advanceTimersByTimeAsync(DEBOUNCE / 4);
    }
    const settledRead = new Promise<void>((r) => (read = r));
    await vi.advanceTimersByTimeAsync(DEBOUNCE);
    await settledRead;
    await manual.stop();
    // A read taken before the saves stopped would have come first.
    expect(reads).toEqual([{ text: 'v = 80\n' }]);
  });
});

describe('missing file', () => {
  it('reports a deleted file as missing and recovers when it comes back', async () => {
    const gone = nextSettle();
    await unlink(target);
    expect(await gone).toEqual({ missing: true });
    const back = nextSettle();
    await writeFile(target, 'v = 7\n');
    expect(await back).toEqual({ text: 'v = 7\n' });
  });

  it('ignores other files in the folder', async () => {
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeFile(join(dir, 'other.toml'), 'x = 1');
    // A save of the config made after them is the later event: the watcher takes the folder's
    // changes in the order they happen, so by the time that save has settled (a quiet time
    // after it) an event for the two files would have come. Only the save reached the monitor:
    // change events of the config, not one add of the new files.
    const next = nextSettle();
    await writeFile(target, 'v = 8\n');
    expect(await next).toEqual({ text: 'v = 8\n' });
    expect(settled).toEqual([{ text: 'v = 8\n' }]);
    expect(forwarded.length).toBeGreaterThan(0);
    expect(forwarded.filter((kind) => kind !== 'change')).toEqual([]);
  });
});

describe('stopping', () => {
  it('a watcher that becomes ready after the monitor was stopped is closed at once', async () => {
    let ready = (): void => undefined;
    let closes = 0;
    const late = new ConfigFileMonitor(target, DEBOUNCE, () => new Promise((done) => (ready = () => done({ close: async () => void (closes += 1) }))), () => undefined);
    const starting = late.start();
    await late.stop();
    ready();
    await starting;
    expect(closes).toBe(1);
  });
});
