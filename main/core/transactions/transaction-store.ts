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
import { cleanLeftoverTempsIn, writeFileAtomic } from '../persistence/atomic-file.js';
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

/** A commit under way: written before anything changes, removed when it is over. */
const journalSchema = z.object({
  transactionId: z.string().regex(UUID),
  /** Content hash of the config file before the commit wrote it. */
  baseHash: z.string(),
  startedAt: z.string(),
});
export type CommitJournal = z.infer<typeof journalSchema>;

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

  async save(record: TransactionRecord): Promise<void> {
    await makeAppFolder(this.folder);
    await writeFileAtomic(this.fileOf(record.transactionId), `${JSON.stringify(record, null, 1)}\n`);
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

  async writeJournal(journal: CommitJournal): Promise<void> {
    await makeAppFolder(this.folder);
    await writeFileAtomic(this.journalPath, JSON.stringify(journal));
  }

  async readJournal(): Promise<CommitJournal | undefined> {
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
