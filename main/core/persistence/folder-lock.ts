/**
 * A lock file shared by every process that works on one config's records (the app, `daq call`,
 * a second window). Inside a process, holdings of one lock take turns in memory, so a lock file
 * carrying this process's pid is always one a crash or a moved folder left behind. Across
 * processes the file is made whole at once (written aside, then linked into place, which fails
 * if one is there) and holds "pid token boot": a holder that is dead, of an earlier boot of the
 * machine, or older than any real holding could be, is taken over; a live one is waited for.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, lstat, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { makeAppFolder } from './app-folders.js';
import { persistError, processAlive, tempPrefix } from './atomic-file.js';

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

/** A taking over lasts a read and an unlink; one older than this was left by a crash. */
const TAKEOVER_STALE_AFTER_MS = 2_000;

/** The holdings of this process, one at a time per lock file. */
const turns = new Map<string, Promise<void>>();

let bootId: string | undefined;
/** This boot of the machine (Linux); a lock of another boot is left from before a restart. */
function thisBoot(): string {
  bootId ??= (() => {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      return '-';
    }
  })();
  return bootId;
}

export class FolderLock {
  private readonly staleAfterMs: number;

  constructor(
    private readonly path: string,
    private readonly options: FolderLockOptions = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
  }

  /**
   * Runs `work` holding the lock; the lock goes whatever `work` does. `waitMs` overrides the
   * lock's own; 0 is a single try (TIMEOUT at once when it is held).
   */
  async hold<T>(work: () => Promise<T>, call: { waitMs?: number } = {}): Promise<T> {
    const waitMs = call.waitMs ?? this.options.waitMs;
    const before = turns.get(this.path);
    if (before && waitMs === 0) throw this.busy(String(process.pid), waitMs);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const queued = (before ?? Promise.resolve()).then(() => mine);
    turns.set(this.path, queued);
    try {
      await before;
      const content = `${process.pid} ${randomUUID()} ${thisBoot()}`;
      await this.acquire(content, waitMs);
      try {
        return await work();
      } finally {
        // Only its own file: one taken over meanwhile belongs to its new holder.
        if ((await readFile(this.path, 'utf8').catch(() => '')) === content) await unlink(this.path).catch(() => undefined);
      }
    } finally {
      done();
      if (turns.get(this.path) === queued) turns.delete(this.path);
    }
  }

  private async acquire(content: string, waitMs: number | undefined): Promise<void> {
    const giveUpAt = waitMs === undefined ? Infinity : Date.now() + waitMs;
    const aside = this.asideName();
    for (;;) {
      try {
        await writeFile(aside, content);
        await link(aside, this.path);
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
      } finally {
        await unlink(aside).catch(() => undefined);
      }
      const found = await readFile(this.path, 'utf8').catch(() => undefined);
      // While another waiter takes a stale lock over, this one waits like for a live holder.
      if (found !== undefined && (await this.isStale(found)) && (await this.takeOver(found))) continue;
      if (Date.now() >= giveUpAt) throw this.busy(found?.split(' ')[0] || '?', waitMs ?? 0);
      // Jittered, so two waiters released at once do not keep colliding.
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
  }

  /**
   * Removes the stale lock only if it is still the one judged stale, holding a second lock for
   * the taking over: two waiters judging at once must not both remove a lock, the second one
   * the first one's fresh lock. While the stale file is there no new lock can replace it, and
   * only the taker removes it, so checking it again under the second lock is enough. False
   * when another waiter is taking it over.
   */
  private async takeOver(stale: string): Promise<boolean> {
    const takeover = `${this.path}.takeover`;
    const aside = this.asideName();
    try {
      await writeFile(aside, `${process.pid} ${thisBoot()}`);
      if (!(await link(aside, takeover).then(() => true, () => false))) {
        // Another waiter is taking over; one that died doing it leaves a file a moment old.
        const info = await lstat(takeover).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > TAKEOVER_STALE_AFTER_MS) await unlink(takeover).catch(() => undefined);
        return false;
      }
    } finally {
      await unlink(aside).catch(() => undefined);
    }
    try {
      // A stale lock that cannot be removed (permissions, a file system that refuses) is said
      // so at once: taking it over again and again would only spin.
      if ((await readFile(this.path, 'utf8').catch(() => undefined)) === stale) {
        await unlink(this.path).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw this.cannotLock(err);
        });
      }
    } finally {
      await unlink(takeover).catch(() => undefined);
    }
    return true;
  }

  /** Named like the app's temp files, so a crash's leftovers are cleaned up with theirs. */
  private asideName(): string {
    return join(dirname(this.path), `${tempPrefix(this.path)}${process.pid}-${randomUUID()}`);
  }

  private busy(pid: string, waitMs: number): AppError {
    return new AppError('TIMEOUT', `${this.options.what ?? this.path} are in use by another DAQ Studio process (pid ${pid})${waitMs > 0 ? ` for over ${Math.round(waitMs / 1000)} s` : ''}; nothing was changed, try again`);
  }

  private cannotLock(err: unknown): unknown {
    return this.options.notDone === undefined ? err : persistError(this.path, err, this.options.notDone);
  }

  private async isStale(content: string): Promise<boolean> {
    const [pid, , boot] = content.split(' ');
    const holder = Number(pid);
    // This process takes turns in memory, so its own pid here is one left behind.
    if (holder === process.pid) return true;
    if (boot !== undefined && boot !== thisBoot()) return true;
    const info = await lstat(this.path).catch(() => undefined);
    if (!info) return false;
    if (Date.now() - info.mtimeMs > this.staleAfterMs) return true;
    return !processAlive(holder);
  }
}

