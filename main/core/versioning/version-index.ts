/**
 * The metadata of a config's versions (time to the millisecond, hash, source, what changed
 * next), beside the version files: `index.json` holds the whole index as of its last
 * compaction and `index.log` one JSON line per change since (a version kept, renamed by a
 * label, removed). A snapshot appends one line instead of rewriting the whole index, so its
 * cost does not grow with the number of versions kept; the log is folded into index.json now
 * and then.
 *
 * Changes are made only under the folder lock. Nothing here is fsynced: the version files are
 * the truth and a lost or damaged index is rebuilt from them. Every file name read back must
 * have the form of a version file, so a damaged index can never name a path outside the folder.
 */
import type { Stats } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../persistence/atomic-file.js';
import { parseVersionFile } from './version-names.js';

const entrySchema = z.object({
  createdMs: z.number(),
  hash: z.string(),
  source: z.string().max(200),
  summary: z.string().max(2000),
});
const indexSchema = z.object({ versions: z.record(z.string(), entrySchema) });
const recordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), file: z.string(), entry: entrySchema }),
  z.object({ op: z.literal('drop'), file: z.string() }),
  z.object({ op: z.literal('rename'), from: z.string(), to: z.string() }),
]);

export type IndexEntry = z.infer<typeof entrySchema>;
export type IndexRecord = z.infer<typeof recordSchema>;

/**
 * The log is folded into index.json once it has more lines than this and than the index has
 * entries: a reader then never reads more than about twice the index, and the rewrite of the
 * whole index comes once per that many snapshots.
 */
const COMPACT_MIN_LINES = 200;

const isVersionFile = (file: string): boolean => parseVersionFile(file) !== undefined;

/** Identifies one content of index.json: a compaction replaces the file, so this changes. */
interface JsonStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** How far into which log file the entries have been read. */
interface LogPosition {
  readonly ino: number;
  /** Bytes read, up to the end of the last complete line. */
  readonly offset: number;
  readonly lines: number;
  /** Bytes after the last line break: the start of a line a crashed writer left unfinished. */
  readonly partialTail: boolean;
}

function sameJson(a: JsonStamp | null, b: Stats | null): boolean {
  return a === null ? b === null : b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Applies one record; applying a record twice changes nothing, so a replay after a crash is harmless. */
function apply(entries: Map<string, IndexEntry>, record: IndexRecord): void {
  if (record.op === 'put') {
    if (isVersionFile(record.file)) entries.set(record.file, record.entry);
  } else if (record.op === 'drop') {
    entries.delete(record.file);
  } else {
    const entry = entries.get(record.from);
    if (entry === undefined || !isVersionFile(record.to)) return;
    entries.delete(record.from);
    entries.set(record.to, entry);
  }
}

/**
 * The stat and the bytes from `start(stat)` on of a file, read through one handle so both are of
 * the same file even if it is replaced meanwhile; null when there is no file.
 */
async function readFrom(path: string, start: (info: Stats) => number): Promise<{ info: Stats; from: number; bytes: Buffer } | null> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return null;
  try {
    const info = await handle.stat();
    const from = start(info);
    const bytes = Buffer.alloc(Math.max(0, info.size - from));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, from);
    return { info, from, bytes: bytes.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

export class VersionIndex {
  /** Version file name → its metadata, as the index says (the files may say otherwise). */
  readonly entries = new Map<string, IndexEntry>();
  /** index.json was missing or damaged at the last read: only the files can make the index whole. */
  damaged = true;
  private json: JsonStamp | null = null;
  private log: LogPosition | null = null;
  private loaded = false;

  constructor(private readonly folder: string) {}

  private get jsonPath(): string {
    return join(this.folder, 'index.json');
  }

  private get logPath(): string {
    return join(this.folder, 'index.log');
  }

  /**
   * Brings the entries up to date with the disk: nothing to read when neither file changed,
   * only the new lines when the log grew, everything again after a compaction.
   */
  async refresh(): Promise<void> {
    const [json, log] = await Promise.all([stat(this.jsonPath).catch(() => null), stat(this.logPath).catch(() => null)]);
    const known = this.log;
    const compacted = !this.loaded || !sameJson(this.json, json) || (known !== null && (log === null || log.ino !== known.ino || log.size < known.offset));
    if (compacted) await this.reload();
    else if (log !== null && (known === null || log.size > known.offset)) await this.readLog(known);
  }

  private async reload(): Promise<void> {
    this.entries.clear();
    this.loaded = true;
    this.log = null;
    const json = await readFrom(this.jsonPath, () => 0);
    this.json = json && { ino: json.info.ino, size: json.info.size, mtimeMs: json.info.mtimeMs };
    const parsed = json ? indexSchema.safeParse(safeJson(json.bytes.toString('utf8'))) : undefined;
    const versions = parsed?.success ? Object.entries(parsed.data.versions) : [];
    // An index naming anything but version files was not written by this store: rebuilt.
    this.damaged = !parsed?.success || !versions.every(([file]) => isVersionFile(file));
    for (const [file, entry] of versions) if (isVersionFile(file)) this.entries.set(file, entry);
    await this.readLog(null);
  }

  /** Applies the log's complete lines after `known` (all of them for a log not read before). */
  private async readLog(known: LogPosition | null): Promise<void> {
    const resumes = (info: Stats): boolean => known !== null && info.ino === known.ino && known.offset <= info.size;
    const read = await readFrom(this.logPath, (info) => (resumes(info) ? (known as LogPosition).offset : 0));
    if (!read) return;
    const lines = read.from > 0 && known ? known.lines : 0;
    // Bytes, not characters: the offset must stay exact even if damage left invalid UTF-8.
    const end = read.bytes.lastIndexOf(0x0a) + 1;
    const complete = read.bytes.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
    for (const line of complete) {
      const record = recordSchema.safeParse(safeJson(line));
      // A damaged line is skipped: what it said is rebuilt from the files when it matters.
      if (record.success) apply(this.entries, record.data);
    }
    this.log = { ino: read.info.ino, offset: read.from + end, lines: lines + complete.length, partialTail: end < read.bytes.length };
  }

  /** Applies `records` and appends them to the log (call it holding the lock, after {@link refresh}). */
  async record(records: readonly IndexRecord[]): Promise<void> {
    if (records.length === 0) return;
    for (const record of records) apply(this.entries, record);
    // A line a crashed writer left half-written is ended first, so it cannot swallow ours.
    const text = `${this.log?.partialTail ? '\n' : ''}${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const handle = await open(this.logPath, 'a');
    try {
      await handle.writeFile(text);
      const info = await handle.stat();
      this.log = { ino: info.ino, offset: info.size, lines: (this.log?.lines ?? 0) + records.length, partialTail: false };
    } finally {
      await handle.close();
    }
  }

  /** Whether the log has grown long enough to be folded into index.json. */
  get wantsCompaction(): boolean {
    return this.damaged || (this.log?.lines ?? 0) > Math.max(COMPACT_MIN_LINES, this.entries.size);
  }

  /** Replaces the whole index by `entries` (call it holding the lock): index.json first, then the log goes. */
  async compact(entries: ReadonlyMap<string, IndexEntry>): Promise<void> {
    await writeFileAtomic(this.jsonPath, `${JSON.stringify({ versions: Object.fromEntries(entries) })}\n`, { durable: false });
    // Should this unlink not happen (a crash), the log is replayed over the new index.json,
    // which changes nothing: every record is already in it.
    await unlink(this.logPath).catch(() => undefined);
    const json = await stat(this.jsonPath).catch(() => null);
    this.json = json && { ino: json.ino, size: json.size, mtimeMs: json.mtimeMs };
    this.log = null;
    this.loaded = true;
    this.damaged = json === null;
    this.entries.clear();
    for (const [file, entry] of entries) this.entries.set(file, entry);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The entries the index on disk holds for `folder`, without looking at the version files. */
export async function readStoredIndex(folder: string): Promise<{ entries: Map<string, IndexEntry>; damaged: boolean }> {
  const index = new VersionIndex(folder);
  await index.refresh();
  return { entries: new Map(index.entries), damaged: index.damaged };
}
