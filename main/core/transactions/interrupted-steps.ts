/**
 * At start-up, a commit or a rollback of a commit that a crash interrupted is finished from what
 * the config file holds (its write is atomic: the old or the new text, nothing between). A
 * journal whose record has already moved on was left by a clean-up that failed: it is only
 * removed, never acted on, so it cannot undo later work.
 */
import type { CoreContext } from '../actor/core-context.js';
import { contentHash } from '../persistence/write-ledger.js';
import { commitLanded } from './commit-landed.js';
import type { TransactionRecords } from './transaction-records.js';
import type { ReadJournal, TransactionRecord } from './transaction-store.js';

export async function finishInterruptedStep(ctx: CoreContext, records: TransactionRecords, fileText: string | undefined, saved: (record: TransactionRecord) => void): Promise<void> {
  const journal = await records.store.readJournal();
  if (!journal) return;
  const record = await records.store.load(journal.transactionId);
  const name = record?.label ?? journal.transactionId;
  const fileChanged = fileText !== undefined && contentHash(Buffer.from(fileText, 'utf8')) !== journal.baseHash;
  const keep = async (next: TransactionRecord): Promise<void> => saved(await records.saveAfterWrite(next));
  if (journal.kind === 'rollback' && record?.state === 'confirming') {
    if (fileChanged) {
      const { preCommitText: _text, confirmDeadline: _deadline, ...rest } = record;
      await keep({ ...rest, state: 'rolled-back', note: 'rolled back; the rollback was interrupted after the file was written' });
    }
    ctx.addLog('warn', `the rollback of transaction ${name} was interrupted; ${fileChanged ? 'the file had been written: the configuration before its commit is back' : 'the file had not been written: its commit still waits for confirmation'}`, 'transactions');
  } else if (journal.kind === 'commit' && (!record || record.state === 'open')) {
    // Decided by the operations' effects where the file loaded; by the file's bytes otherwise.
    const landed = record && ctx.config ? commitLanded(record.operations, ctx.config) : fileChanged;
    if (record) await keep(landed ? landedRecord(record, journal) : { ...record, note: 'its commit was interrupted before the file was written: the old configuration stands; it is open again' });
    ctx.addLog('warn', `the commit of transaction ${name} was interrupted; ${landed ? 'the file had been written: the new configuration stands' : 'the file had not been written: the old configuration stands'}`, 'transactions');
  }
  await records.clearJournalIfDone();
}

/** A landed commit that had a confirmation window keeps it: unconfirmed, it is rolled back. */
function landedRecord(record: TransactionRecord, journal: ReadJournal): TransactionRecord {
  const note = 'its commit was interrupted after the file was written: the new configuration stands';
  if (!journal.confirm) return { ...record, state: 'committed', committedAt: journal.startedAt, note };
  return {
    ...record,
    state: 'confirming',
    committedAt: journal.startedAt,
    confirmDeadline: journal.confirm.deadline,
    preCommitText: journal.confirm.preCommitText,
    note: `${note}; it waits for confirmation until ${journal.confirm.deadline}`,
  };
}
