/**
 * The life of a change set: begin, stage, validate, commit (all or nothing, optionally inside a
 * confirmation window), confirm, roll back, expire. Every state lives in the store on disk
 * first; a commit, and the rollback of a commit, write a journal before they change the config
 * file, so one a crash interrupts is resolved at the next start to the complete old or the
 * complete new configuration (see interrupted-steps.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.js';
import type { DaqConfig } from '../../../shared/model/config.js';
import { MAX_STAGED_OPERATIONS, type StagedOperation, type TransactionView } from '../../../shared/model/transactions.js';
import type { CoreContext } from '../actor/core-context.js';
import type { PersistOutcome } from '../actor/persist-outcome.js';
import { runChange } from '../changes/change-pipeline.js';
import type { ConfigOp } from '../changes/config-ops.js';
import { restoreText } from '../changes/restore-text.js';
import type { ConfigWriter } from '../persistence/config-writer.js';
import { readConfigBytes } from '../persistence/read-regular.js';
import { contentHash } from '../persistence/write-ledger.js';
import { finishInterruptedStep } from './interrupted-steps.js';
import { TransactionRecords } from './transaction-records.js';
import { TransactionStore, type TransactionRecord } from './transaction-store.js';
import type { Versioning } from '../versioning/versioning.js';
import { validateOperations } from './transaction-validation.js';

/** Runs work inside the actor's mailbox (timers must not change state beside it). */
export type Schedule = (work: () => Promise<void>) => void;

/** A rollback after the confirmation window that could not be done is tried again this much later. */
const CONFIRM_ROLLBACK_RETRY_MS = 5_000;

export class TransactionManager {
  readonly store: TransactionStore;
  private readonly records: TransactionRecords;
  private readonly confirmTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly writer: ConfigWriter,
    private readonly persist: PersistOutcome,
    private readonly versioning: Versioning,
    private readonly schedule: Schedule,
  ) {
    this.store = new TransactionStore(ctx.configPath);
    this.records = new TransactionRecords(this.store, (message) => ctx.addLog('error', message, 'transactions'));
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  private requireEnabled(): DaqConfig {
    const config = this.ctx.requireConfig();
    if (!config.application.dynamic_config.enable_transactions) {
      throw new AppError('UNAVAILABLE', 'transactions are turned off (enable_transactions = false in [application.dynamic_config])');
    }
    return config;
  }

  private announce(record: TransactionRecord): TransactionView {
    const view = toView(record);
    this.ctx.bus.emit({ type: 'transactions:transaction-changed', transaction: view });
    return view;
  }

  private async save(record: TransactionRecord): Promise<TransactionView> {
    return this.announce(await this.records.save(record));
  }

  /** After the config file was written: the step is done, a record that could not follow is reported. */
  private async saveAfterWrite(record: TransactionRecord): Promise<TransactionView> {
    return this.announce(await this.records.saveAfterWrite(record));
  }

  /** Records kept in memory are written again first, so every step starts from the disk's truth. */
  private async retryUnsaved(): Promise<void> {
    for (const record of await this.records.retry()) this.announce(record);
  }

  private async require(id: string): Promise<TransactionRecord> {
    await this.retryUnsaved();
    const record = await this.records.load(id);
    if (!record) throw new AppError('NOT_FOUND', `no transaction "${id}"`, { transactionId: id });
    return record;
  }

  /** The transaction, open and not past its expiry; an overdue one is expired on the spot. */
  private async requireOpen(id: string): Promise<TransactionRecord> {
    this.requireEnabled();
    const record = await this.require(id);
    if (record.state === 'open' && Date.parse(record.expiresAt) <= this.now()) {
      await this.expire(record);
      throw new AppError('TX_EXPIRED', `transaction ${id} expired at ${record.expiresAt}; begin a new one`, { transactionId: id });
    }
    if (record.state === 'expired') throw new AppError('TX_EXPIRED', `transaction ${id} expired at ${record.expiresAt}; begin a new one`, { transactionId: id });
    if (record.state !== 'open') throw new AppError('INVALID_STATE', `transaction ${id} is ${record.state}, not open`, { transactionId: id, state: record.state });
    return record;
  }

  /** An open transaction expires after `transaction_timeout_s` without activity (each stage, unstage or check renews it). */
  private renewed(): string {
    return new Date(this.now() + this.ctx.requireConfig().application.dynamic_config.transaction_timeout_s * 1000).toISOString();
  }

  private async expire(record: TransactionRecord): Promise<void> {
    await this.save({ ...record, state: 'expired', note: `expired after transaction_timeout_s without activity, with ${record.operations.length} staged operation(s); nothing was applied` });
    this.ctx.addLog('warn', `transaction ${record.label ?? record.transactionId} expired; its ${record.operations.length} staged operation(s) were discarded`, 'transactions');
  }

  async begin(label: string | undefined): Promise<TransactionView> {
    const config = this.requireEnabled();
    const now = this.now();
    const timeout = config.application.dynamic_config.transaction_timeout_s;
    const file = await readFile(this.ctx.configPath).catch(() => Buffer.alloc(0));
    const record: TransactionRecord = {
      transactionId: randomUUID(),
      ...(label ? { label } : {}),
      state: 'open',
      operations: [],
      baseRevision: contentHash(file),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + timeout * 1000).toISOString(),
      validation: null,
      baseConfig: structuredClone(config) as unknown as Record<string, unknown>,
    };
    this.ctx.addLog('info', `transaction ${label ?? record.transactionId} begun`, 'transactions');
    return this.save(record);
  }

  async stage(id: string, op: StagedOperation): Promise<{ transaction: TransactionView; index: number }> {
    const record = await this.requireOpen(id);
    if (record.operations.length >= MAX_STAGED_OPERATIONS) {
      throw new AppError('VALIDATION', `a change set holds at most ${MAX_STAGED_OPERATIONS} operations; commit this one and begin another`);
    }
    const transaction = await this.save({ ...record, operations: [...record.operations, op], validation: null, expiresAt: this.renewed() });
    return { transaction, index: record.operations.length };
  }

  async unstage(id: string, index: number): Promise<TransactionView> {
    const record = await this.requireOpen(id);
    if (index >= record.operations.length) throw new AppError('NOT_FOUND', `transaction ${id} has no operation ${index} (it has ${record.operations.length})`);
    return this.save({ ...record, operations: record.operations.filter((_, i) => i !== index), validation: null, expiresAt: this.renewed() });
  }

  async validate(id: string): Promise<TransactionView['validation'] & object> {
    const record = await this.requireOpen(id);
    const { report } = await validateOperations(this.ctx, this.writer, record.operations, record.baseConfig as unknown as DaqConfig);
    const { preview: _preview, ...kept } = report;
    await this.save({ ...record, validation: kept, expiresAt: this.renewed() });
    return report;
  }

  async commit(id: string, confirmTimeoutS: number | undefined): Promise<{ transaction: TransactionView; persisted: boolean; persistError?: import('../../../shared/errors.js').AppErrorData; rebased: boolean }> {
    const record = await this.requireOpen(id);
    if (record.operations.length === 0) throw new AppError('VALIDATION', `transaction ${id} has nothing staged`);
    await this.records.requireAllSaved(`transaction ${id} was not committed`);
    const { report, plan } = await validateOperations(this.ctx, this.writer, record.operations, record.baseConfig as unknown as DaqConfig, false);
    const kept = report;
    if (!plan) {
      await this.save({ ...record, validation: kept });
      const code = report.errors.some((e) => e.code === 'CONFLICT') ? 'CONFLICT' : 'VALIDATION';
      throw new AppError(code, `transaction ${id} was not committed: ${report.errors.map((e) => (e.operation === null ? e.message : `#${e.operation + 1}: ${e.message}`)).join('; ')}`, { report: kept });
    }
    const before = await readConfigBytes(this.ctx.configPath, `transaction ${id} was not committed`);
    const now = this.now();
    const confirm = confirmTimeoutS === undefined ? undefined : { deadline: new Date(now + confirmTimeoutS * 1000).toISOString(), preCommitText: before.toString('utf8') };
    await this.store.writeJournal({ transactionId: id, kind: 'commit', baseHash: contentHash(before), startedAt: new Date(now).toISOString(), ...(confirm ? { confirm } : {}) });
    let outcome;
    try {
      outcome = await runChange(this.ctx, this.persist, {
        ops: record.operations as readonly ConfigOp[],
        allOrNothing: true,
        source: `${this.ctx.origin}:transaction ${id}`,
        summary: `transaction ${record.label ?? id}: ${record.operations.length} operation(s)`,
      });
    } catch (err) {
      await this.store.clearJournal();
      // The commit's own failure is the answer; a report that cannot be kept is only logged.
      await this.save({ ...record, validation: kept }).catch((saveErr: unknown) => this.ctx.addLog('error', saveErr instanceof Error ? saveErr.message : String(saveErr), 'transactions'));
      throw err;
    }
    const transaction = await this.saveAfterWrite({
      ...record,
      state: confirm ? 'confirming' : 'committed',
      validation: kept,
      committedAt: new Date(now).toISOString(),
      ...(confirm ? { confirmDeadline: confirm.deadline, preCommitText: confirm.preCommitText } : {}),
    });
    if (confirmTimeoutS !== undefined) this.armConfirmTimer(id, confirmTimeoutS * 1000);
    this.ctx.addLog('info', `transaction ${record.label ?? id} committed: ${record.operations.length} operation(s)${confirm ? `; confirm within ${confirmTimeoutS} s or it is rolled back` : ''}`, 'transactions');
    return {
      transaction,
      persisted: outcome.persisted,
      ...(outcome.persistError ? { persistError: outcome.persistError } : {}),
      rebased: report.warnings.some((w) => w.code === 'CONFLICT'),
    };
  }

  async confirm(id: string): Promise<TransactionView> {
    this.requireEnabled();
    const record = await this.require(id);
    if (record.state !== 'confirming') throw new AppError('INVALID_STATE', `transaction ${id} is ${record.state}; only a commit waiting for confirmation can be confirmed`);
    this.clearConfirmTimer(id);
    const { preCommitText: _text, confirmDeadline: _deadline, ...rest } = record;
    this.ctx.addLog('info', `transaction ${record.label ?? id} confirmed`, 'transactions');
    return this.save({ ...rest, state: 'committed' });
  }

  async rollback(id: string): Promise<TransactionView> {
    this.requireEnabled();
    const record = await this.require(id);
    if (record.state === 'open') {
      this.ctx.addLog('info', `transaction ${record.label ?? id} discarded (${record.operations.length} staged operation(s))`, 'transactions');
      return this.save({ ...record, state: 'discarded', note: 'discarded before commit; nothing was applied' });
    }
    if (record.state === 'confirming') return this.rollBackCommit(record, 'rolled back on request');
    throw new AppError('INVALID_STATE', `transaction ${id} is ${record.state}; only an open one or a commit waiting for confirmation can be rolled back`);
  }

  /**
   * Puts the file and the running system back to the text before the commit, journalled like
   * the commit: once the file is written the rollback is done, even if its record must wait.
   */
  private async rollBackCommit(record: TransactionRecord, why: string): Promise<TransactionView> {
    const id = record.transactionId;
    if (record.preCommitText === undefined) throw new AppError('INTERNAL', `transaction ${id} has no text to go back to`);
    const notDone = `transaction ${id} was not rolled back`;
    await this.records.requireAllSaved(notDone);
    const current = await readConfigBytes(this.ctx.configPath, notDone);
    await this.store.writeJournal({ transactionId: id, kind: 'rollback', baseHash: contentHash(current), startedAt: new Date(this.now()).toISOString() });
    try {
      await restoreText(this.ctx, this.writer, record.preCommitText, { versioning: this.versioning, source: `rollback of transaction ${id}` });
    } catch (err) {
      await this.store.clearJournal();
      throw err;
    }
    this.clearConfirmTimer(id);
    const { preCommitText: _text, ...rest } = record;
    this.ctx.addLog('warn', `transaction ${record.label ?? id} ${why}: the configuration before its commit is back`, 'transactions');
    return this.saveAfterWrite({ ...rest, state: 'rolled-back', note: why });
  }

  private armConfirmTimer(id: string, ms: number): void {
    this.clearConfirmTimer(id);
    const timer = setTimeout(() => {
      this.confirmTimers.delete(id);
      this.schedule(async () => {
        const record = await this.records.load(id);
        if (record?.state !== 'confirming') return;
        await this.rollBackCommit(record, 'not confirmed in time, rolled back').catch((err: unknown) => {
          // The window is over: the rollback stays due until it is done.
          this.ctx.addLog('error', `transaction ${id} could not be rolled back after its confirmation window: ${err instanceof Error ? err.message : String(err)}; trying again in ${CONFIRM_ROLLBACK_RETRY_MS / 1000} s`, 'transactions');
          this.armConfirmTimer(id, CONFIRM_ROLLBACK_RETRY_MS);
        });
      });
    }, Math.max(0, ms));
    timer.unref?.();
    this.confirmTimers.set(id, timer);
  }

  private clearConfirmTimer(id: string): void {
    const timer = this.confirmTimers.get(id);
    if (timer) clearTimeout(timer);
    this.confirmTimers.delete(id);
  }

  async list(): Promise<TransactionView[]> {
    this.requireEnabled();
    await this.retryUnsaved();
    return (await this.records.list()).map(toView);
  }

  async get(id: string): Promise<TransactionView> {
    this.requireEnabled();
    return toView(await this.require(id));
  }

  /** Expires open transactions past their time (called on a timer, inside the mailbox). */
  async sweep(): Promise<void> {
    if (!this.ctx.config?.application.dynamic_config.enable_transactions) return;
    await this.retryUnsaved();
    const now = this.now();
    for (const record of await this.records.list()) {
      if (record.state === 'open' && Date.parse(record.expiresAt) <= now) await this.expire(record);
    }
  }

  /** At start-up: finishes a step a crash interrupted, and arms the confirmation windows again. */
  async recover(fileText: string | undefined): Promise<void> {
    await this.store.prune();
    await finishInterruptedStep(this.ctx, this.records, fileText, (record) => this.announce(record));
    for (const record of await this.records.list()) {
      if (record.state !== 'confirming' || !record.confirmDeadline) continue;
      this.armConfirmTimer(record.transactionId, Date.parse(record.confirmDeadline) - this.now());
    }
  }

  stop(): void {
    for (const id of [...this.confirmTimers.keys()]) this.clearConfirmTimer(id);
  }
}

function toView(record: TransactionRecord): TransactionView {
  const { baseConfig: _base, preCommitText: _text, ...view } = record;
  return view;
}
