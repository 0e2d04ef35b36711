/**
 * The transactions' records as the manager sees them: the store on disk, plus records whose
 * config-file step has already happened but which could not be written (disk full, folder moved
 * away). Dropping those would tell the person the opposite of what the file holds, so they are
 * kept here, shown with the reason, written again at every later step, and they hold back a new
 * commit or rollback until written: the journal on disk still belongs to them, and a restart in
 * between resolves it from the file.
 */
import { AppError } from '../../../shared/errors.js';
import type { TransactionRecord, TransactionStore } from './transaction-store.js';

export class TransactionRecords {
  private readonly unsaved = new Map<string, TransactionRecord>();

  constructor(
    readonly store: TransactionStore,
    private readonly log: (message: string) => void,
  ) {}

  async load(id: string): Promise<TransactionRecord | undefined> {
    return this.unsaved.get(id) ?? this.store.load(id);
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
    if (this.unsaved.delete(record.transactionId)) await this.clearJournalIfDone();
    return kept;
  }

  /**
   * A step whose config-file write already happened (commit, rollback of a commit): the step is
   * done whatever happens here, so a failure is kept and reported in `recordNotSaved`, not thrown.
   */
  async saveAfterWrite(record: TransactionRecord): Promise<TransactionRecord> {
    const { recordNotSaved: _reason, ...kept } = record;
    try {
      await this.store.save(kept);
      this.unsaved.delete(record.transactionId);
      await this.clearJournalIfDone();
      return kept;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const shown = { ...kept, recordNotSaved: reason };
      this.unsaved.set(record.transactionId, shown);
      this.log(`transaction ${record.label ?? record.transactionId} is ${record.state} in the config file, but ${reason}; it is kept and written again at the next step`);
      return shown;
    }
  }

  /** Writes the kept records again; those that still cannot be written stay. */
  async retry(): Promise<TransactionRecord[]> {
    const saved: TransactionRecord[] = [];
    for (const record of [...this.unsaved.values()]) {
      const { recordNotSaved: _reason, ...kept } = record;
      const ok = await this.store.save(kept).then(() => true, () => false);
      if (!ok) continue;
      this.unsaved.delete(record.transactionId);
      saved.push(kept);
    }
    if (saved.length > 0) await this.clearJournalIfDone();
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

  /** With nothing unsaved, a journal left on disk is over: the records hold the outcome. */
  async clearJournalIfDone(): Promise<void> {
    if (this.unsaved.size === 0) await this.store.clearJournal();
  }
}
