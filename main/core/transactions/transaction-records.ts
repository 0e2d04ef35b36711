/**
 * The transactions' records as the manager sees them: the store on disk, plus records whose
 * config-file step has already happened but which could not be written (disk full, folder moved
 * away). Dropping those would tell the person the opposite of what the file holds, so they are
 * kept here, shown with the reason, written again at later steps (holding the transactions
 * lock), and they hold back a new commit or rollback until written. Their journals stay on disk
 * meanwhile, so a restart in between finishes them from the file; if another process has
 * finished one that way, its record on disk has moved on and the kept one is dropped, never
 * written over it. Journals that could not be removed are removed later.
 */
import { AppError } from '../../../shared/errors.js';
import type { TransactionState } from '../../../shared/model/transactions.js';
import type { TransactionRecord, TransactionStore } from './transaction-store.js';

interface Kept {
  readonly record: TransactionRecord;
  /** The state the step began from: the record on disk still says so until it is written. */
  readonly from: TransactionState;
}

export class TransactionRecords {
  private readonly unsaved = new Map<string, Kept>();
  /** Journals (by transaction id or file name) whose step is over but which are still on disk. */
  private readonly journalsLeft = new Set<string>();

  constructor(
    readonly store: TransactionStore,
    private readonly log: (level: 'warn' | 'error', message: string) => void,
    /** Told why the config file must not change while a record is kept (undefined: it may again). */
    private readonly holdFile: (reason: string | undefined) => void = () => undefined,
  ) {}

  /** A kept record's step is judged after a crash by the file: the file waits until it is written. */
  private updateHold(): void {
    const first = this.unsaved.values().next().value?.record;
    this.holdFile(first ? `the record of transaction ${first.label ?? first.transactionId} is not saved yet (${first.recordNotSaved ?? 'unknown reason'}); the app writes it first` : undefined);
  }

  async load(id: string): Promise<TransactionRecord | undefined> {
    return this.unsaved.get(id)?.record ?? this.store.load(id);
  }

  isUnsaved(id: string): boolean {
    return this.unsaved.has(id);
  }

  /** Every record, newest first, an unsaved state in place of what its file still says. */
  async list(): Promise<TransactionRecord[]> {
    const { records } = await this.store.list();
    const shown = records.map((r) => this.unsaved.get(r.transactionId)?.record ?? r);
    const onlyInMemory = [...this.unsaved.values()].map((k) => k.record).filter((u) => !records.some((r) => r.transactionId === u.transactionId));
    return [...onlyInMemory, ...shown].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A step that changed nothing else yet: its failure is the answer (PERSIST_FAILED). */
  async save(record: TransactionRecord): Promise<TransactionRecord> {
    const { recordNotSaved: _reason, ...kept } = record;
    await this.store.save(kept);
    // A newer state of a kept record is on disk now: the kept one, and its journal, are over.
    if (this.unsaved.delete(record.transactionId)) {
      this.updateHold();
      await this.clearJournal(record.transactionId);
    }
    return kept;
  }

  /**
   * A step whose config-file write already happened (commit, rollback of a commit), begun from
   * state `from`: the step is done whatever happens here, so a failure is kept and reported in
   * `recordNotSaved`, not thrown. Once the record is written, the step's journal goes.
   */
  async saveAfterWrite(record: TransactionRecord, from: TransactionState): Promise<TransactionRecord> {
    const { recordNotSaved: _reason, ...kept } = record;
    try {
      await this.store.save(kept);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const shown = { ...kept, recordNotSaved: reason };
      this.unsaved.set(record.transactionId, { record: shown, from });
      this.updateHold();
      this.log('error', `transaction ${record.label ?? record.transactionId} is ${record.state} in the config file, but ${reason}; it is kept and written again at the next step`);
      return shown;
    }
    if (this.unsaved.delete(record.transactionId)) this.updateHold();
    await this.clearJournal(record.transactionId);
    return kept;
  }

  /** Removes a journal whose step is over; one that cannot go now is tried again later. */
  async clearJournal(idOrName: string): Promise<void> {
    if (await this.store.clearJournal(idOrName)) this.journalsLeft.delete(idOrName);
    else this.journalsLeft.add(idOrName);
  }

  /**
   * Writes the kept records again and removes journals left over; what still cannot be done
   * stays. Only while holding the transactions lock: the record on disk is read first.
   */
  async retry(): Promise<TransactionRecord[]> {
    const saved: TransactionRecord[] = [];
    for (const [id, { record, from }] of [...this.unsaved]) {
      const { recordNotSaved: _reason, ...kept } = record;
      const onDisk = await this.store.load(id);
      if (onDisk && onDisk.state !== from) {
        // Another process finished the step from its journal: what it wrote is the truth now.
        this.unsaved.delete(id);
        this.log('warn', `transaction ${record.label ?? id} was finished by another process meanwhile (it is ${onDisk.state}); the state kept here is dropped`);
        continue;
      }
      const ok = await this.store.save(kept).then(
        () => true,
        () => false,
      );
      if (!ok) continue;
      this.unsaved.delete(id);
      this.journalsLeft.add(id);
      saved.push(kept);
    }
    this.updateHold();
    for (const journal of [...this.journalsLeft]) await this.clearJournal(journal);
    return saved;
  }

  /** Before a step that journals: every earlier record must be on disk first. */
  async requireAllSaved(notDone: string): Promise<void> {
    await this.retry();
    const first = this.unsaved.values().next().value?.record;
    if (first) {
      throw new AppError('PERSIST_FAILED', `${notDone}: transaction ${first.label ?? first.transactionId} is not saved yet (${first.recordNotSaved ?? 'unknown reason'}); the app keeps trying`, { transactionId: first.transactionId });
    }
  }
}
