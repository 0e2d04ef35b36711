/**
 * The transactions' records as the manager sees them: the store on disk, plus records whose
 * config-file step has already happened but which could not be written (disk full, folder moved
 * away). Dropping those would tell the person the opposite of what the file holds, so they are
 * kept here, shown with the reason, written again at every later step, and they hold back a new
 * commit or rollback until written. Their journals stay on disk meanwhile, so a restart in
 * between finishes them from the file; journals that could not be removed are removed later.
 */
import { AppError } from '../../../shared/errors.js';
import type { TransactionRecord, TransactionStore } from './transaction-store.js';

export class TransactionRecords {
  private readonly unsaved = new Map<string, TransactionRecord>();
  /** Journals (by transaction id or file name) whose step is over but which are still on disk. */
  private readonly journalsLeft = new Set<string>();

  constructor(
    readonly store: TransactionStore,
    private readonly log: (message: string) => void,
  ) {}

  async load(id: string): Promise<TransactionRecord | undefined> {
    return this.unsaved.get(id) ?? this.store.load(id);
  }

  isUnsaved(id: string): boolean {
    return this.unsaved.has(id);
  }

  /** Every record, newest first, an unsaved state in place of what its file still says. */
  async list(): Promise<TransactionRecord[]> {
    const { records } = await this.store.list();
    const shown = records.map((r) => this.unsaved.get(r.transactionId) ?? r);
    const onlyInMemory = [...this.unsaved.values()].filter((u) => !records.some((r) => r.transactionId === u.transactionId));
    return [...onlyInMemory, ...shown].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A step that changed nothing else yet: its failure is the answer (PERSIST_FAILED). */
  async save(record: TransactionRecord): Promise<TransactionRecord> {
    const { recordNotSaved: _reason, ...kept } = record;
    await this.store.save(kept);
    // A newer state of a kept record is on disk now: the kept one, and its journal, are over.
    if (this.unsaved.delete(record.transactionId)) await this.clearJournal(record.transactionId);
    return kept;
  }

  /**
   * A step whose config-file write already happened (commit, rollback of a commit): the step is
   * done whatever happens here, so a failure is kept and reported in `recordNotSaved`, not
   * thrown. Once the record is written, the step's journal goes.
   */
  async saveAfterWrite(record: TransactionRecord): Promise<TransactionRecord> {
    const { recordNotSaved: _reason, ...kept } = record;
    try {
      await this.store.save(kept);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const shown = { ...kept, recordNotSaved: reason };
      this.unsaved.set(record.transactionId, shown);
      this.log(`transaction ${record.label ?? record.transactionId} is ${record.state} in the config file, but ${reason}; it is kept and written again at the next step`);
      return shown;
    }
    this.unsaved.delete(record.transactionId);
    await this.clearJournal(record.transactionId);
    return kept;
  }

  /** Removes a journal whose step is over; one that cannot go now is tried again later. */
  async clearJournal(idOrName: string): Promise<void> {
    if (await this.store.clearJournal(idOrName)) this.journalsLeft.delete(idOrName);
    else this.journalsLeft.add(idOrName);
  }

  /** Writes the kept records again and removes journals left over; what still cannot be done stays. */
  async retry(): Promise<TransactionRecord[]> {
    const saved: TransactionRecord[] = [];
    for (const record of [...this.unsaved.values()]) {
      const { recordNotSaved: _reason, ...kept } = record;
      const ok = await this.store.save(kept).then(
        () => true,
        () => false,
      );
      if (!ok) continue;
      this.unsaved.delete(record.transactionId);
      this.journalsLeft.add(record.transactionId);
      saved.push(kept);
    }
    for (const journal of [...this.journalsLeft]) await this.clearJournal(journal);
    return saved;
  }

  /** Before a step that journals: every earlier record must be on disk first. */
  async requireAllSaved(notDone: string): Promise<void> {
    await this.retry();
    const first = this.unsaved.values().next().value;
    if (first) {
      throw new AppError('PERSIST_FAILED', `${notDone}: transaction ${first.label ?? first.transactionId} is not saved yet (${first.recordNotSaved ?? 'unknown reason'}); the app keeps trying`, { transactionId: first.transactionId });
    }
  }
}
