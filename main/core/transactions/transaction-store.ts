/**
 * Transactions on disk, in `.daq/transactions/<config file name>/` beside the config: one JSON
 * file per transaction and one journal per commit or rollback in progress
 * (`journal-<id>.json`), each written atomically. The disk is the source of truth, so a restart
 * and separate `daq call` processes see the same transactions; every change to them is made
 * holding `transactions.lock` (see transaction-manager.ts). Ids are UUIDs and nothing else
 * reaches a path.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { transactionViewSchema, type TransactionView } from '../../../shared/model/transactions.js';
import { cleanLeftoverTempsIn, persistError, writeFileAtomic } from '../persistence/atomic-file.js';
import { makeAppFolder } from '../persistence/app-folders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What is kept besides the view: what a conflict check and a rollback need. */
const recordSchema = transactionViewSchema.extend({
  /** The config model when the transaction began (what its operations were staged against). */
  baseConfig: z.record(z.string(), z.unknown()),
  /** The config file's text just before the commit, kept while the commit can be rolled back. */
  preCommitText: z.string().optional(),
  /**
   * Content hash of the file the commit wrote. Going back to `preCommitText` replaces the whole
   * file, so it is done only while the file still holds exactly this: never over later changes.
   */
  committedHash: z.string().optional(),
  /** The running configuration right after the commit: going back also needs nothing changed since in memory. */
  committedConfig: z.record(z.string(), z.unknown()).optional(),
});
export type TransactionRecord = TransactionView & {
  readonly baseConfig: Record<string, unknown>;
  readonly preCommitText?: string;
  readonly committedHash?: string;
  readonly committedConfig?: Record<string, unknown>;
};

/** What only going back to the text before a commit needs: kept while its window is open. */
type GoingBack = 'preCommitText' | 'committedHash' | 'committedConfig';

/** The record without what going back needs (a commit rolled back, or a record shown). */
export function withoutGoingBack<R extends TransactionRecord>(record: R): Omit<R, GoingBack> {
  const { preCommitText: _text, committedHash: _hash, committedConfig: _config, ...rest } = record;
  return rest;
}

/** The record of a commit whose confirmation window is over: no deadline, nothing to go back with. */
export function windowOver(record: TransactionRecord): Omit<TransactionRecord, GoingBack | 'confirmDeadline'> {
  const { confirmDeadline: _deadline, ...rest } = withoutGoingBack(record);
  return rest;
}

/**
 * A commit or a rollback of a commit under way: written before the config file changes, removed
 * once the transaction's record holds the outcome. A crash between the two leaves it, and the
 * next start decides from the file which state the record must get.
 */
const journalSchema = z.object({
  transactionId: z.string().regex(UUID),
  /** What was under way; journals written before rollbacks were journalled have none: a commit. */
  kind: z.enum(['commit', 'rollback']).default('commit'),
  /** Content hash of the config file before the step wrote it. */
  baseHash: z.string(),
  startedAt: z.string(),
  /**
   * A commit with a confirmation window: what the record needs to stay rollback-able. The hash
   * of the file the commit wrote is added once it is written; a crash before that leaves the
   * window unable to go back (it ends with the commit standing).
   */
  confirm: z.object({ deadline: z.string(), preCommitText: z.string(), committedHash: z.string().optional() }).optional(),
});
/** Journals written before each step had its own: read at start-up, never written. */
const OLD_JOURNAL = 'commit-journal.json';
const JOURNAL = /^journal-([0-9a-f-]{36})\.json$/;

/** What a record's file holds: the record, nothing (no such file), or something unreadable. */
export type LoadedRecord = { readonly record: TransactionRecord } | { readonly missing: true } | { readonly damaged: string };
export type CommitJournal = z.input<typeof journalSchema>;
export type ReadJournal = z.output<typeof journalSchema>;

/** Ended transactions kept for the record; older ones are removed. */
const KEEP_ENDED = 50;

export class TransactionStore {
  readonly folder: string;

  constructor(configPath: string) {
    this.folder = join(dirname(configPath), '.daq', 'transactions', basename(configPath));
  }

  private fileOf(id: string): string {
    if (!UUID.test(id)) throw new AppError('NOT_FOUND', `no transaction "${id}" (a transaction id is a UUID)`, { transactionId: id });
    return join(this.folder, `${id}.json`);
  }

  private journalOf(id: string): string {
    if (!UUID.test(id)) throw new AppError('NOT_FOUND', `no transaction "${id}" (a transaction id is a UUID)`, { transactionId: id });
    return join(this.folder, `journal-${id}.json`);
  }

  /** The transaction, or undefined when there is none or its file cannot be read. */
  async load(id: string): Promise<TransactionRecord | undefined> {
    const loaded = await this.loadRecord(id);
    return 'record' in loaded ? loaded.record : undefined;
  }

  /** Like {@link load}, telling a record that is not there from one that cannot be read. */
  async loadRecord(id: string): Promise<LoadedRecord> {
    let text: string;
    try {
      text = await readFile(this.fileOf(id), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { missing: true } : { damaged: `cannot be read (${code ?? String(err)})` };
    }
    const record = parseRecord(text, id);
    return record ? { record } : { damaged: 'is not a transaction record of this build' };
  }

  /** Fails with PERSIST_FAILED, saying why, when the record cannot be written. */
  async save(record: TransactionRecord): Promise<void> {
    const { recordNotSaved: _unsaved, ...kept } = record;
    const file = this.fileOf(record.transactionId);
    try {
      await makeAppFolder(this.folder);
      await writeFileAtomic(file, `${JSON.stringify(kept, null, 1)}\n`);
    } catch (err) {
      throw persistError(file, err, `the record of transaction ${record.transactionId} was not saved`);
    }
  }

  /** Every readable transaction, newest first; damaged files are skipped and named. */
  async list(): Promise<{ records: TransactionRecord[]; damaged: string[] }> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const records: TransactionRecord[] = [];
    const damaged: string[] = [];
    for (const name of names.filter((n) => UUID.test(n.replace(/\.json$/, '')) && n.endsWith('.json'))) {
      const text = await readFile(join(this.folder, name), 'utf8').catch(() => undefined);
      const record = text === undefined ? undefined : parseRecord(text, name.replace(/\.json$/, ''));
      if (record) records.push(record);
      else damaged.push(name);
    }
    return { records: records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), damaged };
  }

  /** Removes ended transactions beyond the newest {@link KEEP_ENDED}, and temp files a crash left. */
  async prune(): Promise<void> {
    await cleanLeftoverTempsIn(this.folder);
    const { records } = await this.list();
    const ended = records.filter((r) => r.state !== 'open' && r.state !== 'confirming');
    for (const old of ended.slice(KEEP_ENDED)) await unlink(this.fileOf(old.transactionId)).catch(() => undefined);
  }

  /** Fails with PERSIST_FAILED when it cannot be written: then nothing may change. */
  async writeJournal(journal: CommitJournal): Promise<void> {
    const path = this.journalOf(journal.transactionId);
    try {
      await makeAppFolder(this.folder);
      await writeFileAtomic(path, JSON.stringify(journal));
    } catch (err) {
      throw persistError(path, err, `nothing was changed (the ${journal.kind ?? 'commit'} could not be journalled first)`);
    }
  }

  /** Every journal left in the folder, by file name; one that cannot be read is `undefined`. */
  async readJournals(): Promise<{ name: string; journal: ReadJournal | undefined }[]> {
    const names = (await readdir(this.folder).catch(() => [] as string[])).filter((n) => n === OLD_JOURNAL || JOURNAL.test(n));
    const out: { name: string; journal: ReadJournal | undefined }[] = [];
    for (const name of names) {
      const text = await readFile(join(this.folder, name), 'utf8').catch(() => undefined);
      const journal = text === undefined ? undefined : parseJournal(text);
      // A journal names its transaction twice (file and content): both must agree.
      const named = JOURNAL.exec(name)?.[1];
      out.push({ name, journal: journal && (named === undefined || named === journal.transactionId) ? journal : undefined });
    }
    return out;
  }

  /** Removes a journal by transaction id or file name; false when it is there and could not go. */
  async clearJournal(idOrName: string): Promise<boolean> {
    const path = idOrName === OLD_JOURNAL || JOURNAL.test(idOrName) ? join(this.folder, idOrName) : this.journalOf(idOrName);
    return unlink(path).then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code === 'ENOENT',
    );
  }
}

function parseJournal(text: string): ReadJournal | undefined {
  try {
    const parsed = journalSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A record whose id is not the one its file is named for is damaged: nothing of it reaches a path. */
function parseRecord(text: string, id: string): TransactionRecord | undefined {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.transactionId === id ? (parsed.data as TransactionRecord) : undefined;
  } catch {
    return undefined;
  }
}
