/**
 * Config versions on disk: the exact bytes of the file before each change, one file each in
 * `.daq/config_versions/<config file name>/`, and an index of their metadata (time, label,
 * source, what changed next). The files are the truth: the listing comes from them, and the
 * index only adds what a name cannot hold; a missing or damaged index is rebuilt from the files.
 * Index updates take a lock file, so two processes snapshotting at once both land.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { VersionInfo } from '../../../shared/model/versions.js';
import { writeFileAtomic } from '../persistence/atomic-file.js';
import { checkLabel, fileOfVersionId, parseVersionFile, versionFileName } from './version-names.js';

const entrySchema = z.object({
  createdMs: z.number(),
  hash: z.string(),
  source: z.string().max(200),
  summary: z.string().max(2000),
});
const indexSchema = z.object({ versions: z.record(z.string(), entrySchema) });
type IndexEntry = z.infer<typeof entrySchema>;

/** What a snapshot says about itself besides its bytes. */
export interface SnapshotMeta {
  readonly source: string;
  /** One line on the change that followed (what this version was the state before). */
  readonly summary: string;
  readonly label?: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export class VersionStore {
  /** The folder under `config_versions/` that holds this config's versions (and starts every id). */
  readonly folderName: string;
  readonly folder: string;

  constructor(configPath: string, private readonly now: () => number) {
    this.folderName = basename(configPath);
    this.folder = join(dirname(configPath), '.daq', 'config_versions', this.folderName);
  }

  private get indexPath(): string {
    return join(this.folder, 'index.json');
  }

  private idOf(file: string): string {
    return `${this.folderName}/${file}`;
  }

  /** The last index read or written, by the file's mtime and size: parsed again only when another writer changed it. */
  private cache: { mtimeMs: number; size: number; index: Map<string, IndexEntry> } | undefined;

  /** The index as stored, or null when it is missing or damaged. */
  private async readIndex(): Promise<Map<string, IndexEntry> | null> {
    const info = await stat(this.indexPath).catch(() => undefined);
    if (!info) return null;
    if (this.cache && this.cache.mtimeMs === info.mtimeMs && this.cache.size === info.size) return new Map(this.cache.index);
    const text = await readFile(this.indexPath, 'utf8').catch(() => undefined);
    if (text === undefined) return null;
    try {
      const parsed = indexSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return null;
      const index = new Map(Object.entries(parsed.data.versions));
      this.cache = { mtimeMs: info.mtimeMs, size: info.size, index: new Map(index) };
      return index;
    } catch {
      return null;
    }
  }

  /** Atomic, not fsynced: the index can always be rebuilt from the version files. */
  private async writeIndex(index: Map<string, IndexEntry>): Promise<void> {
    await writeFileAtomic(this.indexPath, `${JSON.stringify({ versions: Object.fromEntries(index) })}\n`, { durable: false });
    const info = await stat(this.indexPath).catch(() => undefined);
    this.cache = info ? { mtimeMs: info.mtimeMs, size: info.size, index: new Map(index) } : undefined;
  }

  /** Version file names as they are in the folder. */
  private async files(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    return names.filter((n) => parseVersionFile(n) !== undefined);
  }

  /** Oldest first: by creation time (to the millisecond where the index knows it), then name. */
  private ordered(files: readonly string[], index: Map<string, IndexEntry>): string[] {
    const at = (f: string): number => index.get(f)?.createdMs || Date.parse(parseVersionFile(f)?.time ?? '') || 0;
    return [...files].sort((a, b) => at(a) - at(b) || a.localeCompare(b));
  }

  /** The index reconciled with the files: entries for vanished files go, files without one get one. */
  private async reconciled(files: readonly string[]): Promise<{ index: Map<string, IndexEntry>; changed: boolean }> {
    const stored = await this.readIndex();
    const index = new Map<string, IndexEntry>();
    let changed = stored === null;
    for (const file of files) {
      const entry = stored?.get(file);
      if (entry) {
        index.set(file, entry);
        continue;
      }
      changed = true;
      const bytes = await readFile(join(this.folder, file)).catch(() => Buffer.alloc(0));
      index.set(file, { createdMs: Date.parse(parseVersionFile(file)?.time ?? '') || 0, hash: sha256(bytes), source: 'unknown (index rebuilt)', summary: '' });
    }
    if (stored && stored.size !== index.size) changed = true;
    return { index, changed };
  }

  /** Runs `work` holding the index lock (a file made with O_EXCL; a dead holder's lock is taken over). */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.folder, { recursive: true });
    const lock = join(this.folder, 'index.lock');
    for (let attempt = 0; ; attempt += 1) {
      try {
        const handle = await open(lock, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
        if (attempt > 200 || (holder > 0 && !alive(holder))) await unlink(lock).catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 10));
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  /**
   * Keeps `bytes` as a version, unless they equal the newest version's bytes (then that one is
   * answered). Unlabeled versions beyond `retention` go, oldest first; labeled ones stay.
   */
  async snapshot(bytes: Uint8Array, meta: SnapshotMeta, retention: number): Promise<{ versionId: string; created: boolean }> {
    if (meta.label) checkLabel(meta.label);
    return this.locked(async () => {
      const { index } = await this.reconciled(await this.files());
      const files = this.ordered([...index.keys()], index);
      const hash = sha256(bytes);
      const newest = files.at(-1);
      if (newest && index.get(newest)?.hash === hash && sameBytes(await readFile(join(this.folder, newest)), bytes)) {
        return { versionId: this.idOf(newest), created: false };
      }
      const now = this.now();
      let file = versionFileName(now, hash.slice(0, 8), 0, meta.label);
      for (let n = 1; files.includes(file) || (await exists(join(this.folder, file))); n += 1) file = versionFileName(now, hash.slice(0, 8), n, meta.label);
      await writeFileAtomic(join(this.folder, file), bytes);
      index.set(file, { createdMs: now, hash, source: meta.source.slice(0, 200), summary: meta.summary.slice(0, 2000) });
      await this.retain([...files, file], index, retention);
      await this.writeIndex(index);
      return { versionId: this.idOf(file), created: true };
    });
  }

  private async retain(files: readonly string[], index: Map<string, IndexEntry>, retention: number): Promise<void> {
    const unlabeled = files.filter((f) => !parseVersionFile(f)?.label);
    for (const old of unlabeled.slice(0, Math.max(0, unlabeled.length - retention))) {
      await unlink(join(this.folder, old)).catch(() => undefined);
      index.delete(old);
    }
  }

  /** Every version, newest first, with its metadata. */
  async list(): Promise<VersionInfo[]> {
    const found = await this.files();
    const { index, changed } = await this.reconciled(found);
    if (changed && found.length > 0) await this.locked(() => this.writeIndex(index)).catch(() => undefined);
    return this.ordered(found, index)
      .map((file) => {
        const name = parseVersionFile(file);
        const entry = index.get(file);
        return {
          versionId: this.idOf(file),
          time: entry?.createdMs ? new Date(entry.createdMs).toISOString() : (name?.time ?? ''),
          ...(name?.label ? { label: name.label } : {}),
          source: entry?.source ?? 'unknown',
          summary: entry?.summary ?? '',
          hash: entry?.hash ?? '',
        };
      })
      .reverse();
  }

  /** The bytes of a version; the id must name a regular file of this config's versions. */
  async read(versionId: string): Promise<Buffer> {
    const file = fileOfVersionId(versionId, this.folderName);
    const path = join(this.folder, file);
    const info = await lstat(path).catch(() => undefined);
    // A symlink planted in the folder could point anywhere: only real files are versions.
    if (!info?.isFile()) throw new AppError('NOT_FOUND', `no version "${versionId}"`);
    return readFile(path);
  }

  /** Gives a version a label (its file is renamed, so its id changes); answers the new id. */
  async label(versionId: string, label: string): Promise<string> {
    checkLabel(label);
    await this.read(versionId);
    const file = fileOfVersionId(versionId, this.folderName);
    const name = parseVersionFile(file);
    if (!name) throw new AppError('NOT_FOUND', `no version "${versionId}"`);
    return this.locked(async () => {
      const { index } = await this.reconciled(await this.files());
      const renamed = versionFileName(Date.parse(name.time), name.shortHash, name.counter, label);
      if (renamed !== file) {
        if (await exists(join(this.folder, renamed))) throw new AppError('DUPLICATE', `a version "${this.idOf(renamed)}" already exists`);
        await rename(join(this.folder, file), join(this.folder, renamed));
        const entry = index.get(file);
        index.delete(file);
        if (entry) index.set(renamed, entry);
        await this.writeIndex(index);
      }
      return this.idOf(renamed);
    });
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
