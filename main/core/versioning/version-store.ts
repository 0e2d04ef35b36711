/**
 * Config versions on disk: the exact bytes of the file before each change, one file each in
 * `.daq/config_versions/<config file name>/`, and an index of their metadata (time, label,
 * source, what changed next; see version-index.ts). The files are the truth: the listing comes
 * from them, and the index only adds what a name cannot hold; a missing or damaged index is
 * rebuilt from the files. Changes take the folder lock, so two processes snapshotting at once
 * both land.
 *
 * A snapshot costs the same with ten versions kept or a thousand: it reads only what other
 * processes appended to the index since, writes one file (fsynced: it is the copy that lets a
 * change be undone) and appends one line to the index. Only listing reads the whole folder.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { VersionInfo } from '../../../shared/model/versions.js';
import { cleanLeftoverTempsIn, WriteLock, writeFileAtomic } from '../persistence/atomic-file.js';
import { FolderLock } from '../persistence/folder-lock.js';
import { StoredDecodings } from './stored-decodings.js';
import { VersionIndex, type IndexEntry, type IndexRecord } from './version-index.js';
import { checkLabel, fileOfVersionId, isUnlabeledFile, parseVersionFile, versionFileName } from './version-names.js';

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

function createdMs(file: string, index: ReadonlyMap<string, IndexEntry>): number {
  return index.get(file)?.createdMs || Date.parse(parseVersionFile(file)?.time ?? '') || 0;
}

/** Sort order of versions, oldest first: creation time, then name. */
function olderFirst(a: string, b: string, index: ReadonlyMap<string, IndexEntry>): number {
  return createdMs(a, index) - createdMs(b, index) || a.localeCompare(b);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export class VersionStore {
  /** The folder under `config_versions/` that holds this config's versions (and starts every id). */
  readonly folderName: string;
  readonly folder: string;
  /** What the versions' texts decode to, kept beside them and pruned with them. */
  readonly decodings: StoredDecodings;
  private readonly index: VersionIndex;
  private readonly lock: FolderLock;
  /** One operation of this store at a time, so none sees the in-memory index half updated. */
  private readonly serial = new WriteLock();

  /** Start-up: removes temp files of writes a crash cut short (a version, the index); answers their paths. */
  async cleanUp(): Promise<string[]> {
    return (await cleanLeftoverTempsIn(this.folder)).map((name) => join(this.folder, name));
  }

  constructor(configPath: string, private readonly now: () => number) {
    this.folderName = basename(configPath);
    this.folder = join(dirname(configPath), '.daq', 'config_versions', this.folderName);
    this.index = new VersionIndex(this.folder);
    this.decodings = new StoredDecodings(join(this.folder, 'decoded'));
    this.lock = new FolderLock(join(this.folder, 'index.lock'));
  }

  private idOf(file: string): string {
    return `${this.folderName}/${file}`;
  }

  private pathOf(file: string): string {
    return join(this.folder, file);
  }

  /** Version file names as they are in the folder. */
  private async files(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    return names.filter((n) => parseVersionFile(n) !== undefined);
  }

  /** Oldest first: by creation time (to the millisecond where the index knows it), then name. */
  private ordered(files: readonly string[], index: ReadonlyMap<string, IndexEntry>): string[] {
    return [...files].sort((a, b) => olderFirst(a, b, index));
  }

  /** The index reconciled with the files: entries for vanished files go, files without one get one. */
  private async reconciled(files: readonly string[]): Promise<{ entries: Map<string, IndexEntry>; changed: boolean }> {
    const stored = this.index.entries;
    const entries = new Map<string, IndexEntry>();
    let changed = this.index.damaged || stored.size !== files.length;
    for (const file of files) {
      const entry = stored.get(file);
      if (entry) {
        entries.set(file, entry);
        continue;
      }
      changed = true;
      const bytes = await readFile(this.pathOf(file)).catch(() => Buffer.alloc(0));
      entries.set(file, { createdMs: Date.parse(parseVersionFile(file)?.time ?? '') || 0, hash: sha256(bytes), source: 'unknown (index rebuilt)', summary: '' });
    }
    return { entries, changed };
  }

  /** Folds the log into index.json, reconciled with the files (holding the lock). */
  private async compactWithFiles(): Promise<void> {
    await this.index.compact((await this.reconciled(await this.files())).entries);
  }

  /** The index as on disk now, made whole from the files if it was lost (holding the lock). */
  private async currentIndex(): Promise<void> {
    await this.index.refresh();
    if (this.index.damaged) await this.compactWithFiles();
  }

  /** Runs `work` alone: first among this store's operations, then among every process's. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.serial.run(() => this.lock.hold(work));
  }

  /** The newest version the index names whose file is still there; entries of vanished files go. */
  private async newestExisting(): Promise<string | undefined> {
    for (;;) {
      const entries = this.index.entries;
      let newest: string | undefined;
      for (const file of entries.keys()) if (newest === undefined || olderFirst(newest, file, entries) < 0) newest = file;
      if (newest === undefined || (await exists(this.pathOf(newest)))) return newest;
      await this.index.record([{ op: 'drop', file: newest }]);
    }
  }

  /**
   * Keeps `bytes` as a version, unless they equal the newest version's bytes (then that one is
   * answered). Unlabeled versions beyond `retention` go, oldest first; labeled ones stay.
   */
  snapshot(bytes: Uint8Array, meta: SnapshotMeta, retention: number): Promise<{ versionId: string; created: boolean }> {
    // The label becomes part of the file name: one the name pattern does not take would make a
    // version that no listing shows.
    if (meta.label) checkLabel(meta.label);
    return this.exclusive(async () => {
      await this.currentIndex();
      const hash = sha256(bytes);
      const newest = await this.newestExisting();
      if (newest && this.index.entries.get(newest)?.hash === hash) {
        const kept = await readFile(this.pathOf(newest)).catch(() => undefined);
        if (kept && sameBytes(kept, bytes)) return { versionId: this.idOf(newest), created: false };
      }
      const now = this.now();
      let file = versionFileName(now, hash.slice(0, 8), 0, meta.label);
      for (let n = 1; this.index.entries.has(file) || (await exists(this.pathOf(file))); n += 1) file = versionFileName(now, hash.slice(0, 8), n, meta.label);
      await writeFileAtomic(this.pathOf(file), bytes);
      await this.index.record([{ op: 'put', file, entry: { createdMs: now, hash, source: meta.source.slice(0, 200), summary: meta.summary.slice(0, 2000) } }]);
      await this.index.record(await this.prune(file, retention));
      if (this.index.wantsCompaction) await this.compactWithFiles();
      return { versionId: this.idOf(file), created: true };
    });
  }

  /** Removes the oldest unlabeled versions beyond `retention`, never the one just kept. */
  private async prune(kept: string, retention: number): Promise<IndexRecord[]> {
    let count = 0;
    for (const file of this.index.entries.keys()) if (isUnlabeledFile(file)) count += 1;
    const excess = count - retention;
    if (excess <= 0) return [];
    const unlabeled = [...this.index.entries.keys()].filter((f) => f !== kept && isUnlabeledFile(f));
    const oldest = this.ordered(unlabeled, this.index.entries).slice(0, excess);
    for (const file of oldest) await unlink(this.pathOf(file)).catch(() => undefined);
    // Their decodings go too, but for bytes another version still holds.
    const dropped = new Set(oldest);
    const held = new Set<string>();
    for (const [file, entry] of this.index.entries) if (!dropped.has(file)) held.add(entry.hash);
    await this.decodings.sweep(held);
    return oldest.map((file) => ({ op: 'drop', file }));
  }

  /** Every version, newest first, with its metadata. */
  list(): Promise<VersionInfo[]> {
    return this.serial.run(async () => {
      await this.index.refresh();
      let files = await this.files();
      let { entries, changed } = await this.reconciled(files);
      if (changed && files.length > 0) {
        // Read without the lock, the index may have been caught mid-compaction or a file just
        // before its line: what the files say is settled again holding the lock, and stored.
        const settled = await this.lock
          .hold(async () => {
            await this.index.refresh();
            const found = await this.files();
            const again = await this.reconciled(found);
            if (again.changed) await this.index.compact(again.entries);
            return { found, entries: again.entries };
          })
          .catch(() => undefined);
        if (settled) ({ found: files, entries } = settled);
      }
      return this.present(files, entries);
    });
  }

  private present(files: readonly string[], index: ReadonlyMap<string, IndexEntry>): VersionInfo[] {
    return this.ordered(files, index)
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
    const path = this.pathOf(file);
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
    return this.exclusive(async () => {
      await this.currentIndex();
      const renamed = versionFileName(Date.parse(name.time), name.shortHash, name.counter, label);
      if (renamed !== file) {
        if (await exists(this.pathOf(renamed))) throw new AppError('DUPLICATE', `a version "${this.idOf(renamed)}" already exists`);
        await rename(this.pathOf(file), this.pathOf(renamed));
        // A version the index did not know yet gets its entry rebuilt, under its new name.
        const known = this.index.entries.has(file);
        await this.index.record([known ? { op: 'rename', from: file, to: renamed } : { op: 'put', file: renamed, entry: (await this.reconciled([renamed])).entries.get(renamed) as IndexEntry }]);
      }
      return this.idOf(renamed);
    });
  }
}
