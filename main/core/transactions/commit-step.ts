/**
 * The write of a commit: a journal first (with what a confirmation window needs to go back),
 * then the change pipeline once, all or nothing, then the record. A failure before the file is
 * written takes everything back and removes the journal; after it, the commit is done and a
 * record that cannot follow is kept and reported (transaction-records.ts).
 *
 * A commit can go back to the text before it only if that text plus the commit is exactly what
 * it wrote: when another program's save landed while it ran and the write went on top of it,
 * going back would take that save too, so such a commit has no `committedHash` (its window
 * ends with the commit standing).
 */
import type { AppErrorData } from '../../../shared/errors.js';
import type { ValidationReport } from '../../../shared/model/transactions.js';
import type { CoreContext } from '../actor/core-context.js';
import type { PersistOutcome } from '../actor/persist-outcome.js';
import { runChange } from '../changes/change-pipeline.js';
import type { ConfigOp } from '../changes/config-ops.js';
import { readConfigBytes } from '../persistence/read-regular.js';
import { contentHash } from '../persistence/write-ledger.js';
import type { TransactionRecords } from './transaction-records.js';
import type { TransactionRecord } from './transaction-store.js';

export interface CommitStepDeps {
  readonly ctx: CoreContext;
  readonly persist: PersistOutcome;
  readonly records: TransactionRecords;
}

export async function writeCommit(
  deps: CommitStepDeps,
  record: TransactionRecord,
  report: ValidationReport,
  confirmTimeoutS: number | undefined,
): Promise<{ record: TransactionRecord; persisted: boolean; persistError?: AppErrorData }> {
  const { ctx, records } = deps;
  const id = record.transactionId;
  const before = await readConfigBytes(ctx.configPath, `transaction ${id} was not committed`);
  const now = ctx.clock.now();
  const confirm = confirmTimeoutS === undefined ? undefined : { deadline: new Date(now + confirmTimeoutS * 1000).toISOString(), preCommitText: before.toString('utf8') };
  const journal = { transactionId: id, kind: 'commit', baseHash: contentHash(before), startedAt: new Date(now).toISOString() } as const;
  await records.store.writeJournal({ ...journal, ...(confirm ? { confirm } : {}) });
  let outcome;
  try {
    outcome = await runChange(ctx, deps.persist, {
      ops: record.operations as readonly ConfigOp[],
      allOrNothing: true,
      source: `${ctx.origin}:transaction ${id}`,
      summary: `transaction ${record.label ?? id}: ${record.operations.length} operation(s)`,
    });
  } catch (err) {
    await records.clearJournal(id);
    // The commit's own failure is the answer; a report that cannot be kept is only logged.
    await records.save({ ...record, validation: report }).catch((saveErr: unknown) => ctx.addLog('error', saveErr instanceof Error ? saveErr.message : String(saveErr), 'transactions'));
    throw err;
  }
  const committedHash = outcome.writtenHash !== undefined && outcome.baseHash === journal.baseHash ? outcome.writtenHash : undefined;
  if (confirm && committedHash) {
    // A crash before the record is written still knows what the file must hold to go back.
    await records.store.writeJournal({ ...journal, confirm: { ...confirm, committedHash } }).catch(() => undefined);
  }
  const after = await records.saveAfterWrite(
    {
      ...record,
      state: confirm ? 'confirming' : 'committed',
      validation: report,
      committedAt: new Date(now).toISOString(),
      ...(confirm ? { confirmDeadline: confirm.deadline, preCommitText: confirm.preCommitText, committedConfig: structuredClone(outcome.config) as unknown as Record<string, unknown> } : {}),
      ...(confirm && committedHash ? { committedHash } : {}),
      ...(outcome.persisted ? {} : { note: 'applied to the running configuration only: the config file was not written (enable_persistence = false)' }),
    },
    'open',
  );
  return { record: after, persisted: outcome.persisted, ...(outcome.persistError ? { persistError: outcome.persistError } : {}) };
}
