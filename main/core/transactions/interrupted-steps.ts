/**
 * At start-up (holding the transactions lock, so no live process is in the middle of a step), a
 * commit or a rollback of a commit that a crash interrupted is finished from what the config
 * file holds: its write is atomic, the old or the new text, nothing between. A journal whose
 * record has already moved on was left by a clean-up that failed: it is only removed, never
 * acted on, so it cannot undo later work. A record that cannot be read keeps its journal.
 */
import type { CoreContext } from '../actor/core-context.js';
import { contentHash } from '../persistence/write-ledger.js';
import { commitLanded } from './commit-landed.js';
import type { TransactionRecords } from './transaction-records.js';
import { windowOver, type ReadJournal, type TransactionRecord } from './transaction-store.js';

export async function finishInterruptedSteps(ctx: CoreContext, records: TransactionRecords, fileText: string | undefined, saved: (record: TransactionRecord) => void): Promise<void> {
  const fileHash = fileText === undefined ? undefined : contentHash(Buffer.from(fileText, 'utf8'));
  for (const { name, journal } of await records.store.readJournals()) {
    if (!journal) {
      ctx.addLog('warn', `removed ${name}: a journal that cannot be read (nothing can be finished from it)`, 'transactions');
      await records.clearJournal(name);
      continue;
    }
    const loaded = await records.store.loadRecord(journal.transactionId);
    if ('damaged' in loaded) {
      ctx.addLog('error', `the record of transaction ${journal.transactionId} ${loaded.damaged}; its interrupted ${journal.kind} is left as found in ${name}`, 'transactions');
      continue;
    }
    const record = 'record' in loaded ? loaded.record : undefined;
    const next = record ? finished(ctx, journal, record, fileHash) : undefined;
    if (record && next) saved(await records.saveAfterWrite(next, record.state));
    if (!record && journal.kind === 'commit') ctx.addLog('warn', `the commit of transaction ${journal.transactionId} was interrupted and its record is gone; the file as it is stands`, 'transactions');
    if (!records.isUnsaved(journal.transactionId)) await records.clearJournal(name);
  }
}

/** The record's state once the interrupted step is finished, or undefined when it stays (or the journal is stale). */
function finished(ctx: CoreContext, journal: ReadJournal, record: TransactionRecord, fileHash: string | undefined): TransactionRecord | undefined {
  const name = record.label ?? record.transactionId;
  const fileChanged = fileHash !== undefined && fileHash !== journal.baseHash;
  if (journal.kind === 'rollback') {
    if (record.state !== 'confirming') return undefined;
    const landed = rollbackLanded(ctx, record, fileHash, fileChanged);
    ctx.addLog('warn', `the rollback of transaction ${name} was interrupted; ${landed ? 'the file had been written: the configuration before its commit is back' : 'the file had not been written: its commit still waits for confirmation'}`, 'transactions');
    if (!landed) return undefined;
    return { ...windowOver(record), state: 'rolled-back', note: 'rolled back; the rollback was interrupted after the file was written' };
  }
  if (record.state !== 'open') return undefined;
  // Decided by the operations' effects where the file loaded; by the file's bytes otherwise.
  const landed = ctx.config ? commitLanded(record.operations, ctx.config) : fileChanged;
  ctx.addLog('warn', `the commit of transaction ${name} was interrupted; ${landed ? 'the file had been written: the new configuration stands' : 'the file had not been written: the old configuration stands'}`, 'transactions');
  if (!landed) return { ...record, note: 'its commit was interrupted before the file was written: the old configuration stands; it is open again' };
  return landedRecord(ctx, record, journal, fileHash);
}

/**
 * A rollback writes the exact text before the commit, and starts only while the file holds
 * exactly what the commit wrote. So the file as the journal found it means not written, the
 * text before the commit means written; anything else changed after the journal (a hand edit
 * while the app was down), and the commit's own values tell whether they are still there.
 */
function rollbackLanded(ctx: CoreContext, record: TransactionRecord, fileHash: string | undefined, fileChanged: boolean): boolean {
  if (!fileChanged) return false;
  if (record.preCommitText !== undefined && fileHash === contentHash(Buffer.from(record.preCommitText, 'utf8'))) return true;
  return ctx.config ? !commitLanded(record.operations, ctx.config) : false;
}

/**
 * A landed commit that had a confirmation window keeps it: unconfirmed, it is rolled back, but
 * only while the file is still exactly what the commit wrote (as the journal learnt right after
 * the write): a crash before that, or a hand edit while the app was down, leaves the window
 * unable to go back, and it ends with the commit standing.
 */
function landedRecord(ctx: CoreContext, record: TransactionRecord, journal: ReadJournal, fileHash: string | undefined): TransactionRecord {
  const note = 'its commit was interrupted after the file was written: the new configuration stands';
  if (!journal.confirm) return { ...record, state: 'committed', committedAt: journal.startedAt, note };
  return {
    ...record,
    state: 'confirming',
    committedAt: journal.startedAt,
    confirmDeadline: journal.confirm.deadline,
    preCommitText: journal.confirm.preCommitText,
    ...(journal.confirm.committedHash ? { committedHash: journal.confirm.committedHash } : {}),
    ...(ctx.config && fileHash !== undefined && fileHash === journal.confirm.committedHash ? { committedConfig: structuredClone(ctx.config) as unknown as Record<string, unknown> } : {}),
    note: `${note}; it waits for confirmation until ${journal.confirm.deadline}`,
  };
}
