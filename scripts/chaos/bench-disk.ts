/**
 * The small disk the bench folder lives on, so the chaos run can fill it: a tmpfs mounted for the
 * run (Linux, root with mount rights, as on CI). Where that is not possible the bench lives on
 * the ordinary temp folder and the full-disk fault is not run; `unavailable` says why, for the
 * summary. Filling writes a ballast file at the disk's root (outside the bench folder, which
 * other faults rename) until the file system says ENOSPC; freeing removes it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Large enough for the bench's versions, change sets and kept saves over a long run. */
const DISK_SIZE = '64m';

export class BenchDisk {
  private ballastFile: string | undefined;

  private constructor(
    /** Where the bench folder goes: the tmpfs root, or a plain folder. */
    readonly root: string,
    readonly mounted: boolean,
    /** Why the disk cannot be filled here (undefined when it can). */
    readonly unavailable: string | undefined,
  ) {}

  /** Mounts a tmpfs at `point` (created) when this process may, else uses `point` as a plain folder. */
  static open(point: string): BenchDisk {
    mkdirSync(point, { recursive: true });
    if (process.platform !== 'linux') return new BenchDisk(point, false, `mounting a small file system needs Linux (this is ${process.platform})`);
    if (process.getuid?.() !== 0) return new BenchDisk(point, false, 'mounting a small file system needs root');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE},mode=0755`, 'tmpfs', point], { stdio: ['ignore', 'ignore', 'pipe'] });
      return new BenchDisk(point, true, undefined);
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
      return new BenchDisk(point, false, `mount -t tmpfs failed: ${stderr || (err as Error).message}`);
    }
  }

  get full(): boolean {
    return this.ballastFile !== undefined;
  }

  /**
   * Fills the disk to the last byte, synchronously: nothing else of this process (the editor's
   * saves) runs between the first block and the full disk.
   */
  fill(): void {
    if (!this.mounted || this.ballastFile) return;
    const file = join(this.root, '.ballast');
    const fd = openSync(file, 'w');
    this.ballastFile = file;
    try {
      const { bavail, bsize } = statfsSync(this.root);
      const chunk = Buffer.alloc(1 << 20);
      let left = bavail * bsize;
      // Big blocks while there is room, then smaller ones until the file system refuses.
      for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9]) {
        for (;;) {
          if (size === 1 << 20 && left < size) break;
          try {
            left -= writeSync(fd, chunk, 0, size);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
            break;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  free(): void {
    if (!this.ballastFile) return;
    unlinkSync(this.ballastFile);
    this.ballastFile = undefined;
  }

  /** Frees and unmounts (lazily if something still holds it: the run must never leave a mount behind). */
  unmount(): void {
    if (this.ballastFile) this.free();
    if (!this.mounted) return;
    try {
      execFileSync('umount', [this.root], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', this.root], { stdio: 'ignore' });
    }
  }
}
