/**
 * Real files, real chokidar: every way editors save a file is seen, bursts settle into one
 * read of the final content, and a deleted file is reported as missing until it comes back.
 */
import { appendFile, mkdtemp, open, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileMonitor, type SettledContent } from './config-file-monitor.js';
import { chokidarWatcherFactory } from './file-watcher.js';

const DEBOUNCE = 150;
let dir: string;
let target: string;
let monitor: ConfigFileMonitor;
let settled: SettledContent[];
let waiters: (() => void)[];

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

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-watch-'));
  target = join(dir, 'config.toml');
  await writeFile(target, 'v = 0\n');
  settled = [];
  waiters = [];
  monitor = new ConfigFileMonitor(target, DEBOUNCE, chokidarWatcherFactory, (c) => {
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
    const next = nextSettle();
    await rename(target, join(dir, 'config.toml~'));
    await writeFile(target, 'v = 3\n');
    expect(await next).toEqual({ text: 'v = 3\n' });
    // The watch survives the inode change: a second save is seen too.
    const again = nextSettle();
    await writeFile(target, 'v = 4\n');
    expect(await again).toEqual({ text: 'v = 4\n' });
  });

  it('delete + create', async () => {
    const next = nextSettle();
    await unlink(target);
    await writeFile(target, 'v = 5\n');
    expect(await next).toEqual({ text: 'v = 5\n' });
  });

  it('truncate, then write in a second step', async () => {
    const next = nextSettle();
    const handle = await open(target, 'r+');
    await handle.truncate(0);
    await handle.close();
    await new Promise((r) => setTimeout(r, 30));
    await appendFile(target, 'v = 6\n');
    expect(await next).toEqual({ text: 'v = 6\n' });
  });
});

describe('debounce', () => {
  it('applies only the final content of rapid successive saves, once', async () => {
    const next = nextSettle();
    for (let i = 1; i <= 8; i += 1) {
      await writeFile(target, `v = ${i}0\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await next).toEqual({ text: 'v = 80\n' });
    await new Promise((r) => setTimeout(r, DEBOUNCE * 3));
    expect(settled).toHaveLength(1);
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
    await new Promise((r) => setTimeout(r, DEBOUNCE * 3));
    expect(settled).toEqual([]);
  });
});
