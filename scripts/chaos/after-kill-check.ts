/**
 * Everything checked after one kill. First the file as the kill left it, and every look the
 * person's editor took during the round, against what was promised (invariants 1–3). Then a
 * fresh core starts on the folder, as the app would after a crash, and what it recovered is
 * checked (invariants 4–7, and the interrupted commit); a serial device may be kept faulty while
 * it starts, then made healthy, and its instrument must come back. The facts found become the
 * starting point of the next round.
 */
import { readFile } from 'node:fs/promises';
import { createCore } from '../../main/core/index.js';
import { TransactionStore } from '../../main/core/transactions/transaction-store.js';
import type { LogLine } from './chaos-protocol.js';
import { checkInterruptedCommits } from './commit-atomicity.js';
import type { Facts } from './config-facts.js';
import type { ExpectedState } from './expected-state.js';
import { checkObservation, readKeptSaves, type Finding } from './file-observations.js';
import type { RunLedger } from './run-ledger.js';
import { checkInstruments, checkRecovered } from './instrument-checks.js';
import type { SerialFaultKind } from './serial-sims.js';
import { checkLastSeen, checkTempFiles, checkTransactions, checkVersions } from './store-checks.js';

/** Serial devices faulty while the checking core starts, and how to make them healthy again. */
export interface FaultyDevices {
  readonly faulty: ReadonlyMap<string, SerialFaultKind>;
  release(): Promise<void>;
}

export interface RoundCheck {
  readonly findings: Finding[];
  readonly checks: number;
  /** The file's facts after the kill (undefined when it did not load). */
  readonly facts?: Facts;
  readonly keptWithLog: number;
  readonly keptWithoutLog: number;
  /** Keys at an older value a save running across an acknowledged change wrote back (allowed). */
  readonly writtenBack: number;
  readonly interrupted: { old: number; new: number; unprovable: number };
  readonly strayTemps: string[];
  /** Log lines of the checking core's start-up (what recovery said it did). */
  readonly recoveryLog: string[];
  /** Acknowledged changes (keys) found neither in the file nor reported unsaved. */
  readonly lost: number;
  /** Looks at a file that was not a complete config, and commits found half applied. */
  readonly corrupt: number;
}

/** The summary's counts, from the findings: each lost key once, each corrupt look or half commit. */
function countsOf(findings: readonly Finding[]): { lost: number; corrupt: number } {
  const lost = new Set(findings.filter((f) => f.invariant === '2-acknowledged-changes').map((f) => f.key ?? f.message));
  const halfCommits = findings.filter((f) => f.invariant === '5-transactions' && f.message.includes('holds only part of it'));
  return { lost: lost.size, corrupt: findings.filter((f) => f.corrupt).length + halfCommits.length };
}

export async function checkAfterKill(configPath: string, expected: ExpectedState, logs: readonly LogLine[], ledger: RunLedger, devices?: FaultyDevices): Promise<RoundCheck> {
  const journals = (await new TransactionStore(configPath).readJournals()).flatMap(({ journal }) => (journal ? [journal.transactionId] : []));
  const textAtKill = await readFile(configPath, 'utf8');
  const kept = await readKeptSaves(configPath);
  const findings: Finding[] = [];
  let checks = 0;
  let keptWithLog = 0;
  let keptWithoutLog = 0;
  let writtenBack = 0;
  const looks = [
    ...expected.edits.map((edit) => ({ at: edit.readAt, text: edit.before, what: `save #${edit.index} read the file` })),
    { at: Infinity, text: textAtKill, what: 'after the kill' },
  ];
  let facts: Facts | undefined;
  for (const look of looks) {
    const result = checkObservation(look, expected, configPath, kept, logs);
    findings.push(...result.findings);
    checks += result.checks;
    keptWithLog += result.keptWithLog;
    keptWithoutLog += result.keptWithoutLog;
    writtenBack += result.writtenBack;
    facts = result.facts;
  }
  const none = { old: 0, new: 0, unprovable: 0 };
  if (!facts) {
    await devices?.release();
    return { findings, checks, keptWithLog, keptWithoutLog, writtenBack, interrupted: none, strayTemps: [], recoveryLog: [], ...countsOf(findings) };
  }

  const recoveryLog: string[] = [];
  const core = createCore({
    configPath,
    hotReload: false,
    persistRetryMs: 1e9,
    transactionSweepMs: 1e9,
    logSink: (entry) => {
      if (entry.level !== 'debug') recoveryLog.push(`${entry.level}: ${entry.message}`);
    },
  });
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    await devices?.release();
  };
  try {
    await core.start();
    const state = (await core.call('GetAppState', {})) as { ok: boolean; value?: { config: { status: string } } };
    checks += 1;
    if (state.value?.config.status !== 'ok') findings.push({ invariant: '1-file-loads', message: `a fresh core did not load the file: ${JSON.stringify(state)}` });
    const parts = [
      await checkVersions(core, configPath, ledger),
      await checkTransactions(core, configPath, ledger, journals),
      await checkTempFiles(configPath),
      await checkLastSeen(configPath, textAtKill),
      await checkInstruments(core, facts, devices?.faulty ?? new Map()),
    ];
    await release();
    parts.push(await checkRecovered(core, devices?.faulty ?? new Map()));
    // A save caught by a write the kill interrupted is kept by the recovering start-up (it moves
    // the writer's link to the replaced file into .daq/hand-edits/ and logs it): the hand-edit
    // promise is judged again with what recovery kept and said.
    if (findings.some((f) => f.invariant === '3-hand-edits')) {
      const keptNow = await readKeptSaves(configPath);
      const said: LogLine[] = [...logs, ...recoveryLog.map((line): LogLine => ({ type: 'log', level: line.split(':')[0] ?? 'info', message: line }))];
      const rechecked = looks.flatMap((look) => checkObservation(look, expected, configPath, keptNow, said).findings.filter((f) => f.invariant === '3-hand-edits'));
      findings.splice(0, findings.length, ...findings.filter((f) => f.invariant !== '3-hand-edits'), ...rechecked);
    }
    const { records } = await new TransactionStore(configPath).list();
    const atomicity = checkInterruptedCommits(expected, facts, new Map(records.map((r) => [r.transactionId, r.state])));
    checks += atomicity.checks + parts.reduce((sum, p) => sum + p.checks, 0) + 1;
    findings.push(...parts.flatMap((p) => p.findings), ...atomicity.findings);
    if ((await readFile(configPath, 'utf8')) !== textAtKill) findings.push({ invariant: '1-file-loads', message: 'start-up after the kill changed the config file' });
    return { findings, checks, facts, keptWithLog, keptWithoutLog, writtenBack, interrupted: atomicity.resolved, strayTemps: parts.flatMap((p) => p.strayTemps), recoveryLog, ...countsOf(findings) };
  } finally {
    await core.stop();
    await release();
  }
}
