/**
 * A lock file shared by every process that keeps versions of one config (the app, `daq call`,
 * a second window): made with O_EXCL, holding the holder's pid. A lock whose holder is dead, or
 * that is older than any real holding could be, is taken over; a live holder is waited for.
 */
import { lstat, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeAppFolder } from '../persistence/app-folders.js';

/**
 * Holdings last milliseconds (one fsynced file and a line of index). A lock this old belongs to
 * a holder that hung or to a pid that was reused after a crash, and waiting longer helps no one.
 */
const STALE_AFTER_MS = 10_000;

export class FolderLock {
  constructor(private readonly path: string) {}

  /** Runs `work` holding the lock; the lock goes whatever `work` does. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      await unlink(this.path).catch(() => undefined);
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      try {
        await writeFile(this.path, String(process.pid), { flag: 'wx' });
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // The folder is made on first use only: looking for it on every hold costs a call.
        if (code === 'ENOENT') {
          await makeAppFolder(dirname(this.path));
          continue;
        }
        if (code !== 'EEXIST') throw err;
      }
      if (await this.isStale()) {
        await unlink(this.path).catch(() => undefined);
        continue;
      }
      // Jittered, so two waiters released at once do not keep colliding.
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
  }

  private async isStale(): Promise<boolean> {
    const info = await lstat(this.path).catch(() => undefined);
    if (!info) return false;
    if (Date.now() - info.mtimeMs > STALE_AFTER_MS) return true;
    // An empty file is a holder between creating the lock and writing its pid.
    const holder = Number(await readFile(this.path, 'utf8').catch(() => ''));
    return holder > 0 && !alive(holder);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
