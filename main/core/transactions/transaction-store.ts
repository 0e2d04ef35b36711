/**
 * Transactions on disk, in `.daq/transactions/<config file name>/` beside the config: one JSON
 * file per transaction and a journal for the commit in progress, each written atomically. The
 * disk is the source of truth, so a restart and separate `daq call` processes see the same
 * transactions. Ids are UUIDs and nothing else reaches a path.
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
});
export type TransactionRecord = TransactionView & { readonly baseConfig: Record<string, unknown>; readonly preCommitText?: string };

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
  /** A commit with a confirmation window: what the record needs to stay rollback-able. */
  confirm: z.object({ deadline: z.string(), preCommitText: z.string() }).optional(),
});
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

  private get journalPath(): string {
    return join(this.folder, 'commit-journal.json');
  }

  /** The transaction, or undefined when there is none (or its file is damaged: then `damaged`). */
  async load(id: string): Promise<TransactionRecord | undefined> {
    const text = await readFile(this.fileOf(id), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    return parseRecord(text);
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
      const record = text === undefined ? undefined : parseRecord(text);
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
    try {
      await makeAppFolder(this.folder);
      await writeFileAtomic(this.journalPath, JSON.stringify(journal));
    } catch (err) {
      throw persistError(this.journalPath, err, `nothing was changed (the ${journal.kind ?? 'commit'} could not be journalled first)`);
    }
  }

  async readJournal(): Promise<ReadJournal | undefined> {
    const text = await readFile(this.journalPath, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const parsed = journalSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async clearJournal(): Promise<void> {
    await unlink(this.journalPath).catch(() => undefined);
  }
}

function parseRecord(text: string): TransactionRecord | undefined {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as TransactionRecord) : undefined;
  } catch {
    return undefined;
  }
}
