/**
 * The atomic writer on real file systems: a read-only file, a read-only folder and a full
 * disk (small tmpfs mounts; the tests run as root), concurrent writers, leftover temp files,
 * and the Windows rename retry.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { cleanLeftoverTemps, tempPrefix, WriteLock, writeFileAtomic } from './atomic-file.js';

let dir: string;
const mounts: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-atomic-'));
});

afterEach(async () => {
  for (const m of mounts.splice(0)) execFileSync('umount', [m]);
  await rm(dir, { recursive: true, force: true });
});

/** A tmpfs of `size` mounted in the test folder (needs root, as CI has). */
async function tmpfs(name: string, size: string): Promise<string> {
  const point = join(dir, name);
  await mkdir(point);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', point]);
  mounts.push(point);
  return point;
}

async function expectPersistFailed(work: Promise<unknown>, text: RegExp): Promise<void> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('PERSIST_FAILED');
  expect((err as AppError).message).toMatch(text);
}

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the file mode and leaves no temp file', async () => {
    const target = join(dir, 'config.toml');
    await writeFile(target, 'old = 1\n');
    await chmod(target, 0o640);
    await writeFileAtomic(target, 'new = 2\n');
    expect(await readFile(target, 'utf8')).toBe('new = 2\n');
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['config.toml']);
  });

  it('creates a missing file', async () => {
    const target = join(dir, 'fresh.toml');
    await writeFileAtomic(target, 'a = 1\n');
    expect(await readFile(target, 'utf8')).toBe('a = 1\n');
  });

  it('refuses a file its owner made read-only and leaves it untouched', async () => {
    const target = join(dir, 'config.toml');
    await writeFile(target, 'old = 1\n');
    await chmod(target, 0o444);
    await expectPersistFailed(writeFileAtomic(target, 'new = 2\n'), /the file is read-only/);
    expect(await readFile(target, 'utf8')).toBe('old = 1\n');
    expect(await readdir(dir)).toEqual(['config.toml']);
  });

  it('fails cleanly in a read-only folder', async () => {
    const point = await tmpfs('ro', '1m');
    const target = join(point, 'config.toml');
    await writeFile(target, 'old = 1\n');
    execFileSync('mount', ['-o', 'remount,ro', point]);
    await expectPersistFailed(writeFileAtomic(target, 'new = 2\n'), /read-only file system/);
    expect(await readFile(target, 'utf8')).toBe('old = 1\n');
  });

  it('fails cleanly on a full disk and removes its temp file', async () => {
    const point = await tmpfs('full', '64k');
    const target = join(point, 'config.toml');
    await writeFile(target, 'old = 1\n');
    const big = 'x = "' + 'y'.repeat(200 * 1024) + '"\n';
    await expectPersistFailed(writeFileAtomic(target, big), /disk is full/);
    expect(await readFile(target, 'utf8')).toBe('old = 1\n');
    expect(await readdir(point)).toEqual(['config.toml']);
  });

  it('retries a rename that a Windows file lock refuses, then succeeds', async () => {
    const target = join(dir, 'config.toml');
    await writeFile(target, 'old = 1\n');
    let refusals = 0;
    const { rename } = await import('node:fs/promises');
    await writeFileAtomic(target, 'new = 2\n', {
      platform: 'win32',
      retryDelaysMs: [1, 1, 1, 1],
      rename: async (from, to) => {
        if (refusals < 3) {
          refusals += 1;
          throw Object.assign(new Error('locked'), { code: 'EPERM' });
        }
        await rename(from, to);
      },
    });
    expect(refusals).toBe(3);
    expect(await readFile(target, 'utf8')).toBe('new = 2\n');
  });

  it('gives up after the retries and reports permission denied, leaving no temp', async () => {
    const target = join(dir, 'config.toml');
    await writeFile(target, 'old = 1\n');
    const locked = async (): Promise<void> => {
      throw Object.assign(new Error('locked'), { code: 'EBUSY' });
    };
    await expectPersistFailed(writeFileAtomic(target, 'new = 2\n', { platform: 'win32', retryDelaysMs: [1, 1], rename: locked }), /EBUSY/);
    expect(await readFile(target, 'utf8')).toBe('old = 1\n');
    expect(await readdir(dir)).toEqual(['config.toml']);
  });

  it('does not retry on Linux', async () => {
    const target = join(dir, 'config.toml');
    let calls = 0;
    const locked = async (): Promise<void> => {
      calls += 1;
      throw Object.assign(new Error('locked'), { code: 'EPERM' });
    };
    await expectPersistFailed(writeFileAtomic(target, 'x = 1\n', { platform: 'linux', rename: locked }), /permission denied/);
    expect(calls).toBe(1);
  });
});

describe('WriteLock', () => {
  it('serialises concurrent writers: the file ends complete, in call order', async () => {
    const target = join(dir, 'config.toml');
    const lock = new WriteLock();
    const order: number[] = [];
    const versions = Array.from({ length: 20 }, (_, i) => `version = ${i}\n${'# pad\n'.repeat(200)}`);
    await Promise.all(
      versions.map((text, i) =>
        lock.run(async () => {
          order.push(i);
          await writeFileAtomic(target, text);
        }),
      ),
    );
    expect(order).toEqual(versions.map((_, i) => i));
    expect(await readFile(target, 'utf8')).toBe(versions[19]);
    expect(await readdir(dir)).toEqual(['config.toml']);
  });

  it('keeps going after a failed job', async () => {
    const lock = new WriteLock();
    await expect(lock.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run(async () => 42)).resolves.toBe(42);
  });
});

describe('symlinked config', () => {
  it('replaces the file the link points at and keeps the link', async () => {
    const { lstat, symlink } = await import('node:fs/promises');
    const shared = join(dir, 'shared-bench.toml');
    const link = join(dir, 'config.toml');
    await writeFile(shared, 'a = 1\n');
    await symlink(shared, link);
    await writeFileAtomic(link, 'a = 2\n');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(shared, 'utf8')).toBe('a = 2\n');
  });
});

describe('cleanLeftoverTemps', () => {
  it('keeps the temp file of a writer that is still running', async () => {
    const target = join(dir, 'config.toml');
    const live = `${tempPrefix(target)}${process.ppid}-abc`;
    await writeFile(join(dir, live), 'being written');
    expect(await cleanLeftoverTemps(target)).toEqual([]);
    expect(await readdir(dir)).toContain(live);
  });

  it('removes only the temp files of that config', async () => {
    const target = join(dir, 'config.toml');
    await writeFile(target, 'a = 1\n');
    await writeFile(join(dir, `${tempPrefix(target)}999999999-abc`), 'half');
    await writeFile(join(dir, `${tempPrefix(join(dir, 'other.toml'))}9-x`), 'other');
    await writeFile(join(dir, 'notes.txt'), 'keep');
    expect(await cleanLeftoverTemps(target)).toEqual([`${tempPrefix(target)}999999999-abc`]);
    expect((await readdir(dir)).sort()).toEqual([`${tempPrefix(join(dir, 'other.toml'))}9-x`, 'config.toml', 'notes.txt'].sort());
  });
});
