/**
 * The life of a change set: begin, stage, validate, commit (all or nothing, optionally inside a
 * confirmation window), confirm, roll back, expire. Every state lives in the store on disk
 * first, and every change to a transaction is made holding `transactions.lock`, re-reading its
 * record, so separate processes on one config (the app, `daq call`) never act on it at once. A
 * commit, and the rollback of a commit, write a journal before they change the config file, so
 * one a crash interrupts is resolved at the next start to the complete old or the complete new
 * configuration (interrupted-steps.ts); confirmation windows are in confirm-windows.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type AppErrorData } from '../../../shared/errors.js';
import type { DaqConfig } from '../../../shared/model/config.js';
import { MAX_STAGED_OPERATIONS, type StagedOperation, type TransactionView } from '../../../shared/model/transactions.js';
import type { CoreContext } from '../actor/core-context.js';
import type { PersistOutcome } from '../actor/persist-outcome.js';
import type { ConfigWriter } from '../persistence/config-writer.js';
import { FolderLock } from '../persistence/folder-lock.js';
import { contentHash } from '../persistence/write-ledger.js';
import { ConfirmWindows } from './confirm-windows.js';
import { finishInterruptedSteps } from './interrupted-steps.js';
import { TransactionRecords } from './transaction-records.js';
import { TransactionStore, windowOver, withoutGoingBack, type TransactionRecord } from './transaction-store.js';
import type { Versioning } from '../versioning/versioning.js';
import { validateOperations } from './transaction-validation.js';
import { writeCommit } from './commit-step.js';

/** Runs work inside the actor's mailbox (timers must not change state beside it). */
export type Schedule = (work: () => Promise<void>) => void;

/** A commit may connect instruments for seconds; a holder is only taken over once its process is gone. */
const LOCK_STALE_AFTER_MS = 10 * 60_000;
/** How long another process's step is waited for before the command is refused (the mailbox waits too). */
const LOCK_WAIT_MS = 10_000;

export class TransactionManager {
  readonly store: TransactionStore;
  private readonly records: TransactionRecords;
  private readonly lock: FolderLock;
  private readonly windows: ConfirmWindows;
  /** Interrupted steps are finished once a configuration is loaded (at start-up, or the first good reload). */
  private recovered = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly writer: ConfigWriter,
    private readonly persist: PersistOutcome,
    versioning: Versioning,
    schedule: Schedule,
  ) {
    this.store = new TransactionStore(ctx.configPath);
    this.records = new TransactionRecords(
      this.store,
      (level, message) => ctx.addLog(level, message, 'transactions'),
      (reason) => writer.hold(reason),
    );
    this.lock = new FolderLock(join(this.store.folder, 'transactions.lock'), { staleAfterMs: LOCK_STALE_AFTER_MS, waitMs: LOCK_WAIT_MS, what: 'the transactions of this config', notDone: 'nothing was changed' });
    this.windows = new ConfirmWindows({
      ctx,
      writer,
      versioning,
      records: this.records,
      inMailboxExclusive: (work) => schedule(() => this.exclusive(work)),
      announce: (record) => this.announce(record),
    });
  }

  /** Holding the lock, with records kept in memory written again first: every step starts from the disk's truth. */
  private exclusive<T>(work: () => Promise<T>, call: { waitMs?: number } = {}): Promise<T> {
    return this.lock.hold(async () => {
      await this.retryUnsaved();
      return work();
    }, call);
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

  /** Records kept in memory are written again first, so every step starts from the disk's truth. */
  private async retryUnsaved(): Promise<void> {
    for (const record of await this.records.retry()) this.announce(record);
  }

  private async require(id: string): Promise<TransactionRecord> {
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

  stage(id: string, op: StagedOperation): Promise<{ transaction: TransactionView; index: number }> {
    return this.exclusive(() => this.stageHeld(id, op));
  }

  private async stageHeld(id: string, op: StagedOperation): Promise<{ transaction: TransactionView; index: number }> {
    const record = await this.requireOpen(id);
    if (record.operations.length >= MAX_STAGED_OPERATIONS) {
      throw new AppError('VALIDATION', `a change set holds at most ${MAX_STAGED_OPERATIONS} operations; commit this one and begin another`);
    }
    const transaction = await this.save({ ...record, operations: [...record.operations, op], validation: null, expiresAt: this.renewed() });
    return { transaction, index: record.operations.length };
  }

  unstage(id: string, index: number): Promise<TransactionView> {
    return this.exclusive(async () => {
      const record = await this.requireOpen(id);
      if (index >= record.operations.length) throw new AppError('NOT_FOUND', `transaction ${id} has no operation ${index} (it has ${record.operations.length})`);
      return this.save({ ...record, operations: record.operations.filter((_, i) => i !== index), validation: null, expiresAt: this.renewed() });
    });
  }

  validate(id: string): Promise<TransactionView['validation'] & object> {
    return this.exclusive(async () => {
      const record = await this.requireOpen(id);
      const { report } = await validateOperations(this.ctx, this.writer, record.operations, record.baseConfig as unknown as DaqConfig);
      const { preview: _preview, ...kept } = report;
      await this.save({ ...record, validation: kept, expiresAt: this.renewed() });
      return report;
    });
  }

  commit(id: string, confirmTimeoutS: number | undefined): Promise<{ transaction: TransactionView; persisted: boolean; persistError?: AppErrorData; rebased: boolean }> {
    return this.exclusive(() => this.commitHeld(id, confirmTimeoutS));
  }

  private async commitHeld(id: string, confirmTimeoutS: number | undefined): Promise<{ transaction: TransactionView; persisted: boolean; persistError?: AppErrorData; rebased: boolean }> {
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
    const written = await writeCommit({ ctx: this.ctx, persist: this.persist, records: this.records }, record, kept, confirmTimeoutS);
    const transaction = this.announce(written.record);
    if (confirmTimeoutS !== undefined) this.windows.arm(id, confirmTimeoutS * 1000);
    this.ctx.addLog('info', `transaction ${record.label ?? id} committed: ${record.operations.length} operation(s)${confirmTimeoutS !== undefined ? `; confirm within ${confirmTimeoutS} s or it is rolled back` : ''}`, 'transactions');
    const { record: _record, ...file } = written;
    return { transaction, ...file, rebased: report.warnings.some((w) => w.code === 'CONFLICT') };
  }

  confirm(id: string): Promise<TransactionView> {
    return this.exclusive(async () => {
      this.requireEnabled();
      const record = await this.require(id);
      if (record.state !== 'confirming') throw new AppError('INVALID_STATE', `transaction ${id} is ${record.state}; only a commit waiting for confirmation can be confirmed`);
      // The window's timer goes only once the confirmation is on disk.
      const view = await this.save({ ...windowOver(record), state: 'committed' });
      this.windows.clear(id);
      this.ctx.addLog('info', `transaction ${record.label ?? id} confirmed`, 'transactions');
      return view;
    });
  }

  rollback(id: string): Promise<TransactionView> {
    return this.exclusive(async () => {
      this.requireEnabled();
      const record = await this.require(id);
      if (record.state === 'open') {
        this.ctx.addLog('info', `transaction ${record.label ?? id} discarded (${record.operations.length} staged operation(s))`, 'transactions');
        return this.save({ ...record, state: 'discarded', note: 'discarded before commit; nothing was applied' });
      }
      if (record.state === 'confirming') return this.announce(await this.windows.rollBack(record, 'rolled back on request', 'request'));
      throw new AppError('INVALID_STATE', `transaction ${id} is ${record.state}; only an open one or a commit waiting for confirmation can be rolled back`);
    });
  }

  async list(): Promise<TransactionView[]> {
    this.requireEnabled();
    return (await this.records.list()).map(toView);
  }

  async get(id: string): Promise<TransactionView> {
    this.requireEnabled();
    return toView(await this.require(id));
  }

  /**
   * On a timer, inside the mailbox: finishes a recovery that could not run yet, expires open
   * transactions past their time and arms the window of every commit waiting for confirmation
   * (one committed by a `daq call` process too). A single try at the lock: while another
   * process holds it, this sweep is skipped rather than making the app wait.
   */
  async sweep(): Promise<void> {
    const config = this.ctx.config;
    if (!config) return;
    const fileText = this.recovered ? undefined : await readFile(this.ctx.configPath, 'utf8').catch(() => undefined);
    await this.exclusive(
      async () => {
        if (!this.recovered) await this.recoverHeld(fileText);
        if (!config.application.dynamic_config.enable_transactions) return;
        const now = this.now();
        for (const record of await this.records.list()) {
          if (record.state === 'open' && Date.parse(record.expiresAt) <= now) await this.expire(record);
          if (record.state === 'confirming') this.windows.ensureArmed(record);
        }
      },
      { waitMs: 0 },
    ).catch((err: unknown) => {
      if (!(err instanceof AppError && err.code === 'TIMEOUT')) throw err;
    });
  }

  /**
   * At start-up: finishes steps a crash interrupted and arms the confirmation windows again. A
   * single try at the lock; while another process holds it (or after a start on a file that
   * does not load) the next sweep that can does it.
   */
  async recover(fileText: string | undefined): Promise<void> {
    await this.exclusive(() => this.recoverHeld(fileText), { waitMs: 0 }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'TIMEOUT') this.ctx.addLog('info', `transactions are in use by another process; interrupted steps are looked at once it is done`, 'transactions');
      else throw err;
    });
  }

  /** Each part on its own, so one that fails leaves the others done; done once all succeed. */
  private async recoverHeld(fileText: string | undefined): Promise<void> {
    const failures: string[] = [];
    const attempt = async (what: string, work: () => Promise<void>): Promise<void> => {
      await work().catch((err: unknown) => failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`));
    };
    await attempt('clean-up', () => this.store.prune());
    await attempt('interrupted steps', () => finishInterruptedSteps(this.ctx, this.records, fileText, (record) => this.announce(record)));
    await attempt('confirmation windows', async () => {
      for (const record of await this.records.list()) if (record.state === 'confirming') this.windows.ensureArmed(record);
    });
    if (failures.length) throw new Error(failures.join('; '));
    this.recovered = true;
  }

  stop(): void {
    this.windows.stop();
  }
}

function toView(record: TransactionRecord): TransactionView {
  const { baseConfig: _base, ...view } = withoutGoingBack(record);
  return view;
}
