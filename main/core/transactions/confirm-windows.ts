/**
 * Commits waiting for confirmation: the timer of each window, and going back to the text before
 * a commit, on request (RollbackTransaction) or when its window ends unconfirmed. Going back
 * replaces the whole file and the running configuration, so it is done only while both still
 * hold exactly what the commit made: over later changes (a command, another commit, a hand
 * edit, a change kept in memory or not yet written) it would undo them. Then a request is
 * refused (CONFLICT) and a window that ends leaves the commit standing, said so in its note;
 * the version kept before the commit still takes the file back by hand.
 */
import { AppError } from '../../../shared/errors.js';
import type { DaqConfig } from '../../../shared/model/config.js';
import type { CoreContext } from '../actor/core-context.js';
import { computeDiff, isEmptyDiff } from '../changes/config-diff.js';
import { restoreText } from '../changes/restore-text.js';
import type { ConfigWriter } from '../persistence/config-writer.js';
import { readConfigBytes } from '../persistence/read-regular.js';
import { contentHash } from '../persistence/write-ledger.js';
import type { Versioning } from '../versioning/versioning.js';
import type { TransactionRecords } from './transaction-records.js';
import { windowOver, withoutGoingBack, type TransactionRecord } from './transaction-store.js';

/** A rollback after the confirmation window that could not be done is tried again this much later. */
export const CONFIRM_ROLLBACK_RETRY_MS = 5_000;

export interface ConfirmWindowDeps {
  readonly ctx: CoreContext;
  readonly writer: ConfigWriter;
  readonly versioning: Versioning;
  readonly records: TransactionRecords;
  /** Runs work inside the actor's mailbox, holding the transactions lock. */
  readonly inMailboxExclusive: (work: () => Promise<void>) => void;
  readonly announce: (record: TransactionRecord) => void;
}

export class ConfirmWindows {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: ConfirmWindowDeps) {}

  arm(id: string, ms: number): void {
    this.clear(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.deps.inMailboxExclusive(async () => {
        try {
          // Read again: another process may have confirmed or rolled it back meanwhile.
          const record = await this.deps.records.load(id);
          if (record?.state === 'confirming') this.deps.announce(await this.rollBack(record, 'not confirmed in time, rolled back', 'window'));
        } catch (err) {
          // The window is over: the rollback stays due until it is done.
          this.deps.ctx.addLog('error', `transaction ${id} could not be rolled back after its confirmation window: ${err instanceof Error ? err.message : String(err)}; trying again in ${CONFIRM_ROLLBACK_RETRY_MS / 1000} s`, 'transactions');
          this.arm(id, CONFIRM_ROLLBACK_RETRY_MS);
        }
      });
    }, Math.max(0, ms));
    timer.unref?.();
    this.timers.set(id, timer);
  }

  /** Arms the window of a commit waiting for confirmation that has none here yet. */
  ensureArmed(record: TransactionRecord): void {
    if (this.timers.has(record.transactionId) || !record.confirmDeadline) return;
    this.arm(record.transactionId, Date.parse(record.confirmDeadline) - this.deps.ctx.clock.now());
  }

  clear(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  stop(): void {
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  /**
   * Puts the file and the running system back to the text before the commit, journalled like
   * the commit: once the file is written the rollback is done, even if its record must wait.
   */
  async rollBack(record: TransactionRecord, why: string, trigger: 'request' | 'window'): Promise<TransactionRecord> {
    const { ctx, records } = this.deps;
    const id = record.transactionId;
    const name = record.label ?? id;
    if (record.preCommitText === undefined) throw new AppError('INTERNAL', `transaction ${id} has no text to go back to`);
    const notDone = `transaction ${id} was not rolled back`;
    await records.requireAllSaved(notDone);
    const current = await readConfigBytes(ctx.configPath, notDone);
    const changed = this.changedSinceCommit(record, current);
    if (changed) return this.changedSince(record, notDone, trigger, changed);
    await records.store.writeJournal({ transactionId: id, kind: 'rollback', baseHash: contentHash(current), startedAt: new Date(ctx.clock.now()).toISOString() });
    try {
      await restoreText(ctx, this.deps.writer, record.preCommitText, { versioning: this.deps.versioning, source: `rollback of transaction ${id}` });
    } catch (err) {
      await records.clearJournal(id);
      throw err;
    }
    this.clear(id);
    ctx.addLog('warn', `transaction ${name} ${why}: the configuration before its commit is back`, 'transactions');
    return records.saveAfterWrite({ ...withoutGoingBack(record), state: 'rolled-back', note: why }, 'confirming');
  }

  /** What changed since the commit that going back would undo, in words; undefined when nothing did. */
  private changedSinceCommit(record: TransactionRecord, current: Uint8Array): string | undefined {
    const { ctx, writer } = this.deps;
    const hash = contentHash(current);
    // A commit that did not write the file (persistence off) left the text before it there.
    const committed = record.committedHash ?? contentHash(Buffer.from(record.preCommitText ?? '', 'utf8'));
    if (hash !== committed || !writer.ledger.isKnown(hash)) return 'the config file has changed since the commit (a later change or a hand edit)';
    if (writer.status().pending > 0) return 'changes made since the commit are not in the config file yet';
    const config = ctx.config;
    if (record.committedConfig && config && !isEmptyDiff(computeDiff(record.committedConfig as unknown as DaqConfig, config))) return 'the running configuration has changed since the commit';
    return undefined;
  }

  private async changedSince(record: TransactionRecord, notDone: string, trigger: 'request' | 'window', what: string): Promise<TransactionRecord> {
    const changed = `${what}, and going back to the text before it would undo that`;
    if (trigger === 'request') {
      throw new AppError('CONFLICT', `${notDone}: ${changed}; confirm it, or restore the version kept before it under Versions`, { transactionId: record.transactionId });
    }
    const note = `its confirmation window ended, but ${changed}, so it was not rolled back; the version kept before it can be restored under Versions`;
    const saved = await this.deps.records.save({ ...windowOver(record), state: 'committed', note });
    this.deps.ctx.addLog('warn', `transaction ${record.label ?? record.transactionId}: ${note}`, 'transactions');
    return saved;
  }
}
