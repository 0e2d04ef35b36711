/**
 * The lock shared by processes working on one config's records: a live holder elsewhere is
 * waited for and, past the wait, refused with TIMEOUT naming its pid; a dead holder, a holder
 * killed before it wrote its pid, and a lock this process could not remove (its folder was
 * moved away during the holding) are taken over.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderLock } from './folder-lock.js';

/** A path whose removal the file system refuses (EPERM), for the one test that needs it. */
const refused = vi.hoisted(() => ({ path: '' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const unlink: typeof real.unlink = async (path) => {
    if (refused.path && String(path) === refused.path) throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${String(path)}'`), { code: 'EPERM' });
    return real.unlink(path);
  };
  return { ...real, unlink, default: { ...real, unlink } };
});
afterEach(() => {
  refused.path = '';
});

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-folder-lock-'));
  await mkdir(join(dir, 'bench', '.daq'), { recursive: true });
  lockPath = join(dir, 'bench', '.daq', 'records.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A real process that stays alive until killed. */
function otherProcess(): { pid: number; stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid as number, stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGKILL')))) };
}

/** A lock file left by a holder that died (a real process, killed): answers its pid. */
async function lockOfDeadHolder(): Promise<number> {
  const other = otherProcess();
  await writeFile(lockPath, `${other.pid} some-token`);
  await other.stop();
  return other.pid;
}

describe('the folder lock', () => {
  it('waits for a live holder of another process, then refuses with TIMEOUT naming it', async () => {
    const other = otherProcess();
    try {
      await writeFile(lockPath, `${other.pid} some-token`);
      const lock = new FolderLock(lockPath, { waitMs: 100, what: 'the records of bench.toml' });
      let ran = false;
      await expect(lock.hold(async () => (ran = true))).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(new RegExp(`^the records of bench\\.toml are in use by another DAQ Studio process \\(pid ${other.pid}\\)`)) });
      expect(ran).toBe(false);
    } finally {
      await other.stop();
    }
  });

  it('takes over the lock of a holder that died', async () => {
    await lockOfDeadHolder();
    expect(await new FolderLock(lockPath, { waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
  });

  it('takes over a lock that names no holder (a lock file is only ever made whole), or a live pid of an earlier boot', async () => {
    await writeFile(lockPath, '');
    expect(await new FolderLock(lockPath, { waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
    const other = otherProcess();
    try {
      await writeFile(lockPath, `${other.pid} some-token boot-before-a-restart`);
      expect(await new FolderLock(lockPath, { waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
    } finally {
      await other.stop();
    }
  });

  it('takes over a lock that is older than any holding could be, even of a live pid', async () => {
    const other = otherProcess();
    try {
      await writeFile(lockPath, `${other.pid} some-token`);
      const past = new Date(Date.now() - 60_000);
      await utimes(lockPath, past, past);
      expect(await new FolderLock(lockPath, { staleAfterMs: 30_000, waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
    } finally {
      await other.stop();
    }
  });

  it('waits while another process takes a stale lock over, and removes a taking over that a crash left behind', async () => {
    const dead = await lockOfDeadHolder();
    // Another waiter is taking the dead holder's lock over right now: it is not disturbed.
    const takeover = `${lockPath}.takeover`;
    await writeFile(takeover, `${dead} boot`);
    await expect(new FolderLock(lockPath, { waitMs: 300 }).hold(async () => 'ran')).rejects.toMatchObject({ code: 'TIMEOUT' });
    // That waiter died while taking over (its file is seconds old): the next one clears it.
    const past = (Date.now() - 5_000) / 1000;
    await utimes(takeover, past, past);
    expect(await new FolderLock(lockPath, { waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
  });

  it('holdings of one process take turns; a single try is refused at once while one runs', async () => {
    const lock = new FolderLock(lockPath);
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = lock.hold(() => new Promise<string>((resolve) => {
      release = () => resolve('first');
      started();
    }));
    await running;
    await expect(new FolderLock(lockPath).hold(async () => 'second', { waitMs: 0 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const second = new FolderLock(lockPath).hold(async () => 'second');
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
  });

  it('says so at once when a stale lock cannot be removed, instead of trying it over and over', async () => {
    await lockOfDeadHolder();
    refused.path = lockPath;
    const lock = new FolderLock(lockPath, { waitMs: 60_000, notDone: 'nothing was changed' });
    await expect(lock.hold(async () => 'ran')).rejects.toMatchObject({ code: 'PERSIST_FAILED', message: expect.stringMatching(/^nothing was changed: cannot write .*records\.lock: permission denied$/) });
  });

  it('takes over a lock this process could not remove because its folder was moved away', async () => {
    const folder = join(dir, 'bench');
    await new FolderLock(lockPath).hold(async () => rename(folder, `${folder}-away`));
    await rename(`${folder}-away`, folder);
    // Its pid is alive (it is this process): only knowing the holding ended lets it go.
    expect(await new FolderLock(lockPath, { waitMs: 5_000 }).hold(async () => 'ran')).toBe('ran');
  });

  it('says PERSIST_FAILED, not an internal error, when the folder to lock is gone', async () => {
    await rm(join(dir, 'bench'), { recursive: true });
    await expect(new FolderLock(lockPath, { notDone: 'nothing was changed' }).hold(async () => 'ran')).rejects.toMatchObject({ code: 'PERSIST_FAILED', message: expect.stringMatching(/^nothing was changed: cannot write .*records\.lock: its folder does not exist/) });
  });
});
