/**
 * Replacing the config file so that, whatever happens (crash, power cut, full disk), the file
 * is either the complete old or the complete new version: write a temp file in the same
 * folder, fsync it, rename it over the target, fsync the folder. Writers are serialised; temp
 * files a crash left behind are removed at start-up.
 */
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';

const TEMP_MARKER = '.daq-tmp-';

/** Temp files of `target` start with this, so cleanup never touches anything else. */
export function tempPrefix(target: string): string {
  return `.${basename(target)}${TEMP_MARKER}`;
}

export interface AtomicWriteOptions {
  /** `process.platform`; on win32 a rename that an indexer or editor blocks is retried. */
  readonly platform?: NodeJS.Platform;
  /** Backoff schedule for those retries, in ms (about 4 s in total by default). */
  readonly retryDelaysMs?: readonly number[];
  /** Called between steps; tests use it to crash a writer at a chosen point. */
  readonly onStep?: (step: 'temp-written' | 'temp-synced' | 'renamed') => void;
  /** The rename to use (tests inject one that fails like a Windows file lock). */
  readonly rename?: (from: string, to: string) => Promise<void>;
  /**
   * False skips the fsyncs: still all-or-nothing (the rename is atomic), but after a power cut
   * the old content may come back. Only for files that can be rebuilt (an index).
   */
  readonly durable?: boolean;
}

const defaultRetryDelays = [20, 50, 100, 200, 400, 800, 1200, 1500];
const retryableOnWindows = new Set(['EPERM', 'EBUSY', 'EACCES']);

/** Why a file operation on `target` failed, in words a person at the bench can act on. */
export function fileErrorReason(target: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the folder is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      // The same code for a file deleted and for its whole folder moved away; say which.
      return existsSync(dirname(target)) ? 'the file is missing (deleted or moved away); put it back to go on' : 'its folder does not exist (moved, renamed or unmounted)';
    case 'ENOTREG':
      return 'the config path is not a regular file (a pipe, device or folder was put there)';
    default:
      return e.code ? `${e.code}: ${e.message}` : String(err);
  }
}

/** PERSIST_FAILED with the cause in words and the errno code in details. */
export function persistError(target: string, err: unknown, notDone?: string): AppError {
  if (err instanceof AppError) return err;
  return new AppError('PERSIST_FAILED', `${notDone ? `${notDone}: ` : ''}cannot write ${target}: ${fileErrorReason(target, err)}`, { errno: (err as NodeJS.ErrnoException).code });
}

async function renameWithRetry(from: string, to: string, options: AtomicWriteOptions): Promise<void> {
  const delays = (options.platform ?? process.platform) === 'win32' ? (options.retryDelaysMs ?? defaultRetryDelays) : [];
  for (let attempt = 0; ; attempt += 1) {
    try {
      await (options.rename ?? rename)(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const delay = delays[attempt];
      if (delay === undefined || !retryableOnWindows.has(code)) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function fsyncFolder(folder: string, platform: NodeJS.Platform): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (platform === 'win32') return;
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Refuses to replace a file its owner marked read-only (root would otherwise override it). */
async function checkWritable(target: string): Promise<number | undefined> {
  try {
    const info = await stat(target);
    if ((info.mode & 0o222) === 0) {
      throw new AppError('PERSIST_FAILED', `cannot write ${target}: the file is read-only`, { errno: 'EACCES' });
    }
    return info.mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A synced temp file beside the real target of `link`, ready to be renamed over it. */
export interface PreparedTemp {
  /** The file the link resolves to (a symlinked config is replaced where it really lives). */
  readonly target: string;
  readonly temp: string;
  /** Removes the temp file (after a failure or a decision not to rename). */
  discard(): Promise<void>;
}

/** Writes and fsyncs `data` to a new temp file in the target's folder, with the target's mode. */
export async function prepareTemp(link: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<PreparedTemp> {
  // A config reached through a symlink (a shared bench file) is replaced where it really lives;
  // renaming over the link would turn it into a private copy.
  const target = await realpath(link).catch(() => link);
  const temp = join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}`);
  const discard = (): Promise<void> => unlink(temp).catch(() => undefined);
  let created = false;
  try {
    const mode = (await checkWritable(target)) ?? 0o644;
    const handle = await open(temp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      options.onStep?.('temp-written');
      if (options.durable !== false) await handle.sync();
      options.onStep?.('temp-synced');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (created) await discard();
    throw persistError(target, err);
  }
  return { target, temp, discard };
}

/** Renames a prepared temp file over its target and makes the rename durable. */
export async function commitTemp(prepared: PreparedTemp, options: AtomicWriteOptions = {}): Promise<void> {
  try {
    await renameWithRetry(prepared.temp, prepared.target, options);
  } catch (err) {
    await prepared.discard();
    throw persistError(prepared.target, err);
  }
  await finishRename(prepared, options);
}

/** After the rename: makes it durable (the folder's fsync). */
export async function finishRename(prepared: PreparedTemp, options: AtomicWriteOptions = {}): Promise<void> {
  options.onStep?.('renamed');
  // The new content is in place once renamed; a folder fsync a file system refuses (some
  // network shares do) must not turn a completed write into a "failed" one retried forever.
  if (options.durable !== false) await fsyncFolder(dirname(prepared.target), options.platform ?? process.platform).catch(() => undefined);
}

/** Writes `data` to `target` atomically and durably; throws PERSIST_FAILED with the reason. */
export async function writeFileAtomic(link: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await commitTemp(await prepareTemp(link, data, options), options);
}

/** Whether process `pid` is running (one we may not signal still is). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that named a temp file `<pid>-<random>` is still running (not us). */
export function writerAlive(suffix: string): boolean {
  const pid = Number(suffix.split('-')[0]);
  return pid !== process.pid && processAlive(pid);
}

/** Removes temp files that an interrupted write of `target` left in its folder; answers their names. */
export async function cleanLeftoverTemps(target: string): Promise<string[]> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return [];
  }
  // A temp file of a writer that is still running (another process on the same config, such as
  // an in-process `daq call`) is in use, not left over.
  const leftovers = names.filter((n) => n.startsWith(prefix) && !writerAlive(n.slice(prefix.length)));
  await Promise.all(leftovers.map((n) => unlink(join(dirname(target), n)).catch(() => undefined)));
  return leftovers;
}

/** Removes every temp file of a dead writer in `folder` (the app's own `.daq/` folders). */
export async function cleanLeftoverTempsIn(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter((n) => {
    const at = n.indexOf(TEMP_MARKER);
    const suffix = n.slice(at + TEMP_MARKER.length);
    // Another core of this very process may be writing there right now.
    return at > 0 && !suffix.startsWith(`${process.pid}-`) && !writerAlive(suffix);
  });
  await Promise.all(leftovers.map((n) => unlink(join(folder, n)).catch(() => undefined)));
  return leftovers;
}

/** Serialises async work: one writer at a time, in call order, across every caller. */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
