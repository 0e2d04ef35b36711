/**
 * A lock file shared by every process that works on one config's records (the app, `daq call`,
 * a second window): made with O_EXCL, holding the holder's pid. A lock whose holder is dead, or
 * that is older than any real holding could be, is taken over; a live holder is waited for.
 */
import { randomUUID } from 'node:crypto';
import { lstat, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { makeAppFolder } from './app-folders.js';
import { persistError } from './atomic-file.js';

export interface FolderLockOptions {
  /**
   * A lock this old belongs to a holder that hung or to a pid reused after a crash, and
   * waiting longer helps no one. The default suits holdings of milliseconds (a version's files).
   */
  readonly staleAfterMs?: number;
  /** How long a live holder is waited for before the work is refused (TIMEOUT); unbounded if absent. */
  readonly waitMs?: number;
  /** What the refusal says is held, e.g. "the transactions of bench.toml". */
  readonly what?: string;
  /**
   * When given, a lock that cannot be made (its folder gone, the disk full) is PERSIST_FAILED
   * starting with these words; otherwise the file-system error itself, for the caller to word.
   */
  readonly notDone?: string;
}

/**
 * Lock files of this process that could not be removed when their holding ended (the folder was
 * moved away meanwhile), by the token each carries after the pid. One of these found again is
 * taken over at once, where waiting for a live pid (this one) would never end.
 */
const leftBehind = new Set<string>();

/** An empty lock file older than this was made by a holder killed before it wrote its pid. */
const EMPTY_STALE_AFTER_MS = 2_000;

export class FolderLock {
  private readonly staleAfterMs: number;

  constructor(
    private readonly path: string,
    private readonly options: FolderLockOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
  }

  /** Runs `work` holding the lock; the lock goes whatever `work` does. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    await this.acquire(token);
    try {
      return await work();
    } finally {
      // ENOENT too: a folder moved away takes the file along, and it comes back with it.
      await unlink(this.path).catch(() => leftBehind.add(token));
    }
  }

  private async acquire(token: string): Promise<void> {
    const giveUpAt = this.options.waitMs === undefined ? Infinity : Date.now() + this.options.waitMs;
    for (;;) {
      try {
        await writeFile(this.path, `${process.pid} ${token}`, { flag: 'wx' });
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // The folder is made on first use only: looking for it on every hold costs a call.
        if (code === 'ENOENT') {
          await makeAppFolder(dirname(this.path)).catch((made: unknown) => {
            throw this.cannotLock(made);
          });
          continue;
        }
        if (code !== 'EEXIST') throw this.cannotLock(err);
      }
      if (await this.isStale()) {
        await unlink(this.path).catch(() => undefined);
        continue;
      }
      if (Date.now() >= giveUpAt) {
        const holder = (await readFile(this.path, 'utf8').catch(() => '')).split(' ')[0];
        throw new AppError('TIMEOUT', `${this.options.what ?? this.path} are in use by another DAQ Studio process (pid ${holder || '?'}) for over ${Math.round((this.options.waitMs ?? 0) / 1000)} s; nothing was changed, try again`);
      }
      // Jittered, so two waiters released at once do not keep colliding.
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
  }

  private cannotLock(err: unknown): unknown {
    return this.options.notDone === undefined ? err : persistError(this.path, err, this.options.notDone);
  }

  private async isStale(): Promise<boolean> {
    const info = await lstat(this.path).catch(() => undefined);
    if (!info) return false;
    if (Date.now() - info.mtimeMs > this.staleAfterMs) return true;
    const [pid, token] = (await readFile(this.path, 'utf8').catch(() => '')).split(' ');
    // An empty file is a holder between creating the lock and writing its pid: a moment, unless
    // the holder was killed right then.
    if (!pid) return Date.now() - info.mtimeMs > EMPTY_STALE_AFTER_MS;
    const holder = Number(pid);
    if (holder === process.pid) return token !== undefined && leftBehind.delete(token);
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
