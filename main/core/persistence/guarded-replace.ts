/**
 * Replacing the config file only if it still holds what we edited, and finding out when a
 * save of another program slipped in anyway.
 *
 * A person's editor can save at any moment, also between our last look at the file and our
 * rename over it. The slow part of a durable write (writing and fsyncing the temp file) is done
 * first; then a hard link to the file as it is now is taken and its content compared with what
 * we edited, its inode checked to still be the file's, and the rename follows at once. After
 * the rename the link still reaches the replaced file, so a save made in place into it in
 * between (the narrow window the OS leaves open) is seen and its text handed back, to be merged
 * or kept, never dropped. A save by rename in the same microseconds cannot be caught: POSIX has
 * no compare-and-swap rename.
 */
import { link, readdir, stat, unlink } from 'node:fs/promises';
import { readRegularFile } from './read-regular.js';
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { commitTemp, finishRename, persistError, prepareTemp, tempPrefix, writerAlive, type AtomicWriteOptions } from './atomic-file.js';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { keepHandEditFile } from './kept-hand-edits.js';

export type GuardedOutcome =
  /** The file held `expected` and now holds the new content. */
  | { readonly kind: 'replaced' }
  /** The file no longer held `expected`; nothing was written. Edit again on the new content. */
  | { readonly kind: 'changed' }
  /**
   * Replaced, but a save of another program landed in the replaced file first: its text as
   * read, and where the replaced file itself is kept (`.daq/hand-edits/`), so the rest of a save
   * still being written lands there too.
   */
  | { readonly kind: 'slipped'; readonly replaced: Uint8Array; readonly keptAs?: string };

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Link names share the temp prefix, so start-up cleanup removes any a crash leaves behind. */
function guardPath(target: string): string {
  return join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}-guard`);
}

/**
 * A hard link to the file as it is now; `null` where the file is gone, `undefined` where the
 * file system refuses hard links (FAT, some shares): then we compare without one.
 */
async function takeGuard(target: string): Promise<string | null | undefined> {
  const guard = guardPath(target);
  try {
    await link(target, guard);
    return guard;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

async function sameInode(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false; // the file vanished meanwhile: changed
  }
}

/** Reads a regular file without blocking on a pipe put in its place; throws ENOTREG otherwise. */
function readRegularFileSync(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last look and the rename, back to back on this thread: no other work and no thread-pool
 * round trip between them, so another program's save has the smallest window the OS leaves.
 * Answers false when the file no longer holds `expected` (nothing renamed).
 */
function lookAndRenameSync(temp: string, target: string, guard: string | undefined, expected: Uint8Array): boolean {
  let current: Buffer;
  try {
    current = readRegularFileSync(guard ?? target);
    if (guard) {
      const [a, b] = [statSync(guard), statSync(target)];
      if (a.ino !== b.ino || a.dev !== b.dev) return false;
    }
  } catch {
    return false; // gone, or not a file any more: changed
  }
  if (!same(current, expected)) return false;
  renameSync(temp, target);
  return true;
}

/**
 * Writes `data` over `path` durably if the file still holds exactly `expected`; see the file
 * comment for what is caught. Throws PERSIST_FAILED for I/O failures (nothing replaced).
 */
export async function replaceIfUnchanged(path: string, data: Uint8Array, expected: Uint8Array, options: AtomicWriteOptions = {}): Promise<GuardedOutcome> {
  const prepared = await prepareTemp(path, data, options);
  const guard = await takeGuard(prepared.target);
  let guardKept = false;
  try {
    if (guard === null) {
      await prepared.discard();
      return { kind: 'changed' };
    }
    // Windows retries a rename an indexer holds up, and tests inject one: those go the async way.
    const direct = !options.rename && (options.platform ?? process.platform) !== 'win32';
    if (direct) {
      let renamed: boolean;
      try {
        renamed = lookAndRenameSync(prepared.temp, prepared.target, guard, expected);
      } catch (err) {
        await prepared.discard();
        throw persistError(prepared.target, err);
      }
      if (!renamed) {
        await prepared.discard();
        return { kind: 'changed' };
      }
      await finishRename(prepared, options);
    } else {
      const current = await readRegularFile(guard ?? prepared.target).catch(() => undefined);
      const unchanged = current !== undefined && same(current, expected) && (!guard || (await sameInode(guard, prepared.target)));
      if (!unchanged) {
        await prepared.discard();
        return { kind: 'changed' };
      }
      // On a failed rename commitTemp removes the temp file and throws PERSIST_FAILED.
      await commitTemp(prepared, options);
    }
    if (!guard) return { kind: 'replaced' };
    // An in-place save that opened the file before the rename writes into the replaced inode.
    const after = await readRegularFile(guard).catch(() => expected);
    if (same(after, expected)) return { kind: 'replaced' };
    const keptAs = await keepHandEditFile(prepared.target, guard, Date.now()).catch(() => undefined);
    if (keptAs) guardKept = true;
    return { kind: 'slipped', replaced: after, ...(keptAs ? { keptAs } : {}) };
  } finally {
    if (guard && !guardKept) await unlink(guard).catch(() => undefined);
  }
}

/**
 * Start-up: a link left by a writer that died between its rename and looking at the replaced
 * file may hold a save that landed in that instant. One whose text differs from the file now is
 * kept in `.daq/hand-edits/` rather than deleted with the other temp files; answers where.
 */
export async function keepLeftoverGuards(target: string, now: number): Promise<string[]> {
  const prefix = tempPrefix(target);
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  const current = await readRegularFile(target).catch(() => undefined);
  const kept: string[] = [];
  for (const name of names.filter((n) => n.startsWith(prefix) && n.endsWith('-guard') && !writerAlive(n.slice(prefix.length)))) {
    const path = join(dirname(target), name);
    const text = await readRegularFile(path).catch(() => undefined);
    if (text === undefined || (current !== undefined && same(text, current))) continue;
    const keptAs = await keepHandEditFile(target, path, now).catch(() => undefined);
    if (keptAs) kept.push(keptAs);
  }
  return kept;
}
