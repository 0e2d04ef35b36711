/**
 * The operations a chaos child runs, one after another, each announced on stdout with what it
 * promises before it is sent and followed by whether the promise was acknowledged. Every write
 * path of the core is among them: single changes, cascades, change sets (some committed with a
 * confirmation window, later confirmed or rolled back), snapshots, rollbacks to a listed
 * version and "Save to file". Each announced command goes through one client drawn for it (the
 * core in-process, the WebSocket, the IPC glue, now and then a `daq call` process); the calls
 * around it (looking at the bench, beginning and staging a change set) through one of the quick
 * ones each, so one change set is often begun, staged and committed by different clients.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Result } from '../../shared/errors.js';
import { loadConfigText } from '../../main/core/index.js';
import { TransactionStore } from '../../main/core/transactions/transaction-store.js';
import { BenchView, commandsOf, promiseOf, type BenchChange } from './bench-view.js';
import type { ChaosClients } from './chaos-clients.js';
import { factsOf, mergeFacts, type Facts } from './config-facts.js';
import { emit, type ClientKind, type OutcomeLine } from './chaos-protocol.js';
import { monotonicMicros, type SeededRandom } from './seeded-random.js';

type Answer = Result<Record<string, unknown>>;

interface SendOptions {
  readonly wholeFile?: boolean;
  readonly transactionId?: string;
  /** Whether the answer keeps the promise. */
  readonly acknowledged: (answer: Answer) => boolean;
  /** Facts of the answer worth recording (a snapshot's id and hash). */
  readonly details?: (answer: Answer) => Promise<Partial<OutcomeLine>>;
}

const persisted = (answer: Answer): boolean => answer.ok && answer.value['persisted'] === true;

/** Shares of the announced commands by client; a `daq call` costs a process start (0.3–1.5 s). */
const ANNOUNCING_CLIENTS: Readonly<Record<ClientKind, number>> = { core: 30, ws: 30, ipc: 30, cli: 6 };
/** The calls around them go through the quick clients only, or a change set would outlive most lives. */
const HELPER_CLIENTS = { core: 1, ws: 1, ipc: 1 } as const;

export class ChaosOperations {
  private step = 0;
  private idCounter = 0;
  /** Commits waiting for ConfirmCommit, oldest first. */
  private readonly awaiting: string[] = [];
  private readonly transactions: TransactionStore;
  /** The client of the operation under way, drawn in `runOne`. */
  private client: ClientKind = 'core';

  constructor(
    private readonly clients: ChaosClients,
    private readonly rng: SeededRandom,
    /** Apart from `rng`, so a seed picks the same operations whatever the clients' draws. */
    private readonly clientRng: SeededRandom,
    private readonly configPath: string,
    private readonly idPrefix: string,
  ) {
    this.transactions = new TransactionStore(configPath);
  }

  private readonly newId = (): string => `${this.idPrefix}n${(this.idCounter += 1)}`;

  /** A call that promises nothing, through a quick client drawn for it. */
  private async call(command: string, request: unknown): Promise<Answer> {
    return (await this.clients.call(this.clientRng.weighted(HELPER_CLIENTS), command, request)) as Answer;
  }

  /** Announces the promise, sends the command, reports the outcome: in that order, always. */
  private async send(command: string, request: Record<string, unknown>, promise: Facts, options: SendOptions): Promise<Answer> {
    const step = (this.step += 1);
    const client = this.client;
    // Written just before the command can reach the core (for a `daq call`, once it is there).
    const announce = (): void =>
      emit({ type: 'intent', step, command, request, promise, wholeFile: options.wholeFile === true, ...(options.transactionId ? { transactionId: options.transactionId } : {}), client, at: monotonicMicros() });
    const answer = (await this.clients.call(client, command, request, announce)) as Answer;
    const at = monotonicMicros();
    const details = options.details ? await options.details(answer) : {};
    emit({
      type: 'outcome',
      step,
      ok: answer.ok,
      acknowledged: options.acknowledged(answer),
      ...(answer.ok ? {} : { code: answer.error.code, message: answer.error.message.slice(0, 300) }),
      ...(answer.ok && answer.value['persistError'] ? { code: String((answer.value['persistError'] as { code: string }).code) } : {}),
      ...details,
      at,
    });
    return answer;
  }

  private async view(): Promise<BenchView> {
    const answer = await this.call('GetSettings', {});
    return new BenchView(answer.ok ? ((answer.value['settings'] ?? {}) as ConstructorParameters<typeof BenchView>[0]) : {});
  }

  private factsOfText(text: string): Facts | undefined {
    const loaded = loadConfigText(text, this.configPath);
    return loaded.ok ? factsOf(loaded.config) : undefined;
  }

  /** Commits a previous life of this bench left waiting for confirmation are settled first. */
  async settleWaitingCommits(): Promise<void> {
    const answer = await this.call('ListTransactions', {});
    if (!answer.ok) return;
    for (const tx of answer.value['transactions'] as { transactionId: string; state: string }[]) {
      if (tx.state === 'confirming') this.awaiting.push(tx.transactionId);
    }
  }

  /** One operation, its announced command sent through `client` (drawn when not given). */
  async runOne(client?: ClientKind): Promise<void> {
    this.client = client ?? this.clientRng.weighted(ANNOUNCING_CLIENTS);
    const kind = this.rng.weighted({
      change: 45,
      cascade: 4,
      transaction: 16,
      settle: this.awaiting.length ? 20 : 0,
      snapshot: 5,
      rollback: 5,
      sync: 4,
    });
    if (kind === 'change') await this.change();
    else if (kind === 'cascade') await this.cascade();
    else if (kind === 'transaction') await this.transaction();
    else if (kind === 'settle') await this.settleOne();
    else if (kind === 'snapshot') await this.snapshot();
    else if (kind === 'rollback') await this.rollbackToVersion();
    else await this.send('SyncConfigToFile', {}, {}, { acknowledged: (a) => a.ok && persisted(a) && a.value['pending'] === 0 });
  }

  private async change(): Promise<void> {
    const change = (await this.view()).pickChange(this.rng, this.newId);
    if (!change) return;
    const [command, request] = commandsOf(change).direct;
    await this.send(command, request, promiseOf(change), { acknowledged: persisted });
  }

  private async cascade(): Promise<void> {
    const view = await this.view();
    const used = view.used();
    if (used.length === 0) return;
    const id = this.rng.pick(used);
    const modules = view.dependentModules(id);
    const promise: Facts = { [`instruments.${id}`]: null };
    for (const moduleId of modules) promise[`modules.${moduleId}`] = null;
    await this.send('RemoveInstrumentCascade', { id, confirmModules: modules }, promise, { acknowledged: persisted });
  }

  /** Begin, stage one to three changes, then mostly commit (some with a confirmation window). */
  private async transaction(): Promise<void> {
    const begun = await this.call('BeginTransaction', { label: `chaos ${this.idPrefix} ${this.step}` });
    if (!begun.ok) return;
    const transactionId = String(begun.value['transactionId']);
    const view = await this.view();
    const staged: BenchChange[] = [];
    for (let i = this.rng.int(1, 3); i > 0; i -= 1) {
      const change = view.pickChange(this.rng, this.newId);
      if (!change) break;
      const [command, request] = commandsOf(change).staged;
      if ((await this.call(command, { transactionId, ...request })).ok) {
        view.apply(change);
        staged.push(change);
      }
    }
    // Some change sets are left open (they expire) or discarded: neither may touch the file.
    if (this.rng.chance(0.05)) return;
    if (staged.length === 0 || this.rng.chance(0.08)) {
      await this.call('RollbackTransaction', { transactionId });
      return;
    }
    if (this.rng.chance(0.3)) await this.call('ValidateTransaction', { transactionId });
    const confirmTimeoutS = this.rng.chance(0.3) ? this.rng.int(600, 3600) : undefined;
    const promise = staged.map(promiseOf).reduce(mergeFacts, {});
    const answer = await this.send('CommitTransaction', { transactionId, ...(confirmTimeoutS ? { confirmTimeoutS } : {}) }, promise, { transactionId, acknowledged: persisted });
    if (answer.ok && confirmTimeoutS) this.awaiting.push(transactionId);
  }

  /** A commit waiting for confirmation: confirmed, or rolled back to the exact text before it. */
  private async settleOne(): Promise<void> {
    const transactionId = this.awaiting.shift() as string;
    if (this.rng.chance(0.7)) {
      await this.send('ConfirmCommit', { transactionId }, {}, { transactionId, acknowledged: (a) => a.ok, details: async (a) => (a.ok ? { confirmed: transactionId } : {}) });
      return;
    }
    const record = await this.transactions.load(transactionId);
    const facts = record?.preCommitText === undefined ? undefined : this.factsOfText(record.preCommitText);
    if (!facts) return;
    await this.send('RollbackTransaction', { transactionId }, facts, { transactionId, wholeFile: true, acknowledged: (a) => a.ok });
  }

  private async snapshot(): Promise<void> {
    const label = this.rng.chance(0.5) ? `L${this.idPrefix}s${this.step + 1}` : undefined;
    await this.send('CreateConfigSnapshot', label ? { label } : {}, {}, {
      acknowledged: (a) => a.ok,
      details: async (a) => {
        if (!a.ok) return {};
        const versionId = String(a.value['versionId']);
        const bytes = await readFile(this.versionPath(versionId)).catch(() => undefined);
        return { versionId, ...(label ? { label } : {}), ...(bytes ? { versionHash: createHash('sha256').update(bytes).digest('hex') } : {}) };
      },
    });
  }

  private versionPath(versionId: string): string {
    return join(dirname(this.configPath), '.daq', 'config_versions', versionId);
  }

  private async rollbackToVersion(): Promise<void> {
    const listed = await this.call('ListConfigVersions', {});
    const versions = listed.ok ? (listed.value['versions'] as { versionId: string }[]) : [];
    if (versions.length === 0) return;
    const { versionId } = this.rng.pick(versions);
    const text = await readFile(this.versionPath(versionId), 'utf8').catch(() => undefined);
    const facts = text === undefined ? undefined : this.factsOfText(text);
    if (!facts) return;
    await this.send('RollbackToVersion', { versionId }, facts, { wholeFile: true, acknowledged: (a) => a.ok });
  }
}
