/**
 * The chaos run: life after life of the app on one bench folder, each killed at a random
 * moment while the person's editor saves the file and the file system and serial devices
 * fail now and then (chaos-faults.ts, on the bench of chaos-bench.ts), each followed by the
 * checks of after-kill-check.ts; the next life starts from what the last one left. It stops at the first
 * broken promise (or, keeping going, notes each kind once) and reports it with the round's full
 * record, so the seed and round replay its choices.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfigText } from '../../main/core/index.js';
import { checkAfterKill } from './after-kill-check.js';
import { openChaosBench, type ChaosBench } from './chaos-bench.js';
import { DEFAULT_FAULT_TIMING, FaultInjector, NO_FAULTS, type FaultSummary, type FaultTiming } from './chaos-faults.js';
import type { IntentLine, LogLine, OutcomeLine } from './chaos-protocol.js';
import { factsOf, type Facts } from './config-facts.js';
import { ExpectedState, type AppCommand } from './expected-state.js';
import type { Finding } from './file-observations.js';
import { HandEditor } from './hand-editor.js';
import { bundleChild, liveAndKill, type LifeTiming } from './child-life.js';
import { describeRound } from './round-report.js';
import { RunLedger } from './run-ledger.js';
import { deriveSeed, SeededRandom } from './seeded-random.js';

export interface ChaosOptions extends Partial<LifeTiming> {
  readonly kills: number;
  readonly seed: number;
  /**
   * Go on after a broken promise (from what the file then holds) to see every kind of failure a
   * run meets; each kind is reported once, with the record of the round it first showed in.
   */
  readonly keepGoing?: boolean;
  /** Called after every round. */
  readonly onProgress?: (summary: ChaosSummary) => void;
  /** Whether the editor also saves by rename (see HandEditor); true unless said otherwise. */
  readonly renameSaves?: boolean;
  /** File-system and serial faults during the lives (chaos-faults.ts); `false` for none. */
  readonly faults?: Partial<FaultTiming> | false;
  /** Whether the bench has serial instruments on simulated ports; true unless said otherwise. */
  readonly serial?: boolean;
}

export interface ChaosFailure {
  readonly round: number;
  readonly findings: readonly Finding[];
  /** The round's commands, outcomes and saves in time order, and the file after the kill. */
  readonly report: string;
  /** The bench folder, kept for inspection. */
  readonly folder: string;
}

export interface ChaosSummary {
  readonly seed: number;
  kills: number;
  killedDuringStartup: number;
  commandsSent: number;
  acknowledged: number;
  /** Answered without keeping the promise (refused, persisted: false). */
  notAcknowledged: number;
  interruptedByKill: number;
  /** Commands sent and acknowledged, by the client that sent them (see chaos-clients.ts). */
  byClient: Record<IntentLine['client'], { commands: number; acknowledged: number }>;
  handSaves: number;
  /** Saves not in the file but kept in `.daq/hand-edits/`, with and without a log line seen. */
  keptWithLog: number;
  keptWithoutLog: number;
  /** Looks at the file that found an acknowledged change undone by a save that ran across it (allowed: the person's editor wrote back what it had read). */
  writtenBackBySaves: number;
  /** Individual invariant checks evaluated (a key compared, a version loaded, a record matched). */
  checks: number;
  interruptedCommits: { old: number; new: number; unprovable: number };
  /** Faults made, by kind, and the kinds not possible here with the reason. */
  faults: FaultSummary;
  /** Acknowledged changes found neither in the file nor reported unsaved (must stay 0). */
  lost: number;
  /** Looks at a file that was not a complete config, old or new (must stay 0). */
  corrupt: number;
  /** Temp files in `.daq/` folders that start-up does not clean, at the end of the run. */
  strayTemps: string[];
  durationMs: number;
  /** Where the time went: the app's lives (start-up to kill) and the checks after them. */
  livesMs: number;
  checksMs: number;
  /** The first broken promise (the run stops there unless it keeps going). */
  failure?: ChaosFailure;
  /** Kept going: each kind of broken promise once, with how many rounds it showed in. */
  failureKinds: { failure: ChaosFailure; rounds: number }[];
}

/** A finding with its numbers, ids and times taken out: one kind of failure. */
function kindOf(finding: Finding): string {
  if (finding.kind) return `${finding.invariant} ${finding.kind}`;
  return `${finding.invariant} ${finding.message.split('\n')[0]?.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{6,}|\d+(\.\d+)?/g, '#').slice(0, 140)}`;
}

const root = resolve(import.meta.dirname, '../..');

function commandsOf(lines: readonly { type: string }[]): AppCommand[] {
  const outcomes = new Map<number, OutcomeLine>();
  for (const line of lines) if (line.type === 'outcome') outcomes.set((line as OutcomeLine).step, line as OutcomeLine);
  return lines.filter((l): l is IntentLine => l.type === 'intent').map((intent) => {
    const outcome = outcomes.get(intent.step);
    return outcome ? { intent, outcome } : { intent };
  });
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const summary: ChaosSummary = {
    seed: options.seed,
    kills: 0,
    killedDuringStartup: 0,
    commandsSent: 0,
    acknowledged: 0,
    notAcknowledged: 0,
    interruptedByKill: 0,
    byClient: { core: { commands: 0, acknowledged: 0 }, ws: { commands: 0, acknowledged: 0 }, ipc: { commands: 0, acknowledged: 0 }, cli: { commands: 0, acknowledged: 0 } },
    handSaves: 0,
    keptWithLog: 0,
    keptWithoutLog: 0,
    writtenBackBySaves: 0,
    checks: 0,
    interruptedCommits: { old: 0, new: 0, unprovable: 0 },
    faults: { byKind: {} as FaultSummary['byKind'], notPossible: {}, outlivedKill: 0, duringCheck: 0, recreatedFolders: 0, unsavedDuringFaults: 0, recreatedHeld: [] },
    lost: 0,
    corrupt: 0,
    strayTemps: [],
    durationMs: 0,
    livesMs: 0,
    checksMs: 0,
    failureKinds: [],
  };
  const bundle = await bundleChild(root);
  // Set up once for the run (its disk, its serial simulators) and always taken down.
  const bench = await openChaosBench(root, { serial: options.serial ?? true });
  try {
    return await runRounds(options, summary, bundle, bench);
  } finally {
    await bench.close(summary.failure !== undefined);
    await rm(bundle, { force: true });
  }
}

async function runRounds(options: ChaosOptions, summary: ChaosSummary, bundle: string, bench: ChaosBench): Promise<ChaosSummary> {
  const started = Date.now();
  const timing: LifeTiming = {
    killDelayMs: options.killDelayMs ?? [0, 1200],
    saveEveryMs: options.saveEveryMs ?? [15, 200],
    killDuringStartup: options.killDuringStartup ?? 0.1,
  };
  const kinds = new Map<string, { failure: ChaosFailure; rounds: number }>();
  const { configPath, keptAt: folder } = bench;
  const initial = loadConfigText(bench.text, configPath);
  if (!initial.ok) throw new Error(`the chaos bench does not load: ${JSON.stringify(initial.issues)}`);
  let base: Facts = factsOf(initial.config);
  const editor = new HandEditor(configPath, options.renameSaves ?? true);
  const ledger = new RunLedger();
  const faultTiming = options.faults === false ? NO_FAULTS : { ...DEFAULT_FAULT_TIMING, ...options.faults };
  const faults = new FaultInjector({ configPath, folder: bench.folder }, bench.disk, bench.devices, editor, faultTiming);
  if (bench.serialUnavailable) for (const kind of ['vanish', 'hang', 'garbage'] as const) faults.unavailable.set(kind, bench.serialUnavailable);
  summary.faults = faults.summary();

  for (let round = 1; round <= options.kills; round += 1) {
    // Each round draws from its own seeds: the kill moments of a round do not depend on how
    // many saves earlier rounds fitted in on this machine.
    const killRng = new SeededRandom(deriveSeed(options.seed, round, 1));
    const saveRng = new SeededRandom(deriveSeed(options.seed, round, 2));
    const lifeStarted = Date.now();
    const faultRng = new SeededRandom(deriveSeed(options.seed, round, 3));
    const life = await liveAndKill(bundle, root, [configPath, String(deriveSeed(options.seed, round)), `r${round}`], editor, killRng, saveRng, timing, faults.hooksFor(faultRng));
    // Faults still on at the kill are undone first: a deleted file put back is a save too.
    const lifeFaults = await faults.endLife();
    // Now and then the person saves after the crash, before the app is started again: recovery
    // must tell that save from the write of a commit the kill interrupted.
    const offline = saveRng.chance(0.25) ? editor.save(saveRng, true) : undefined;
    const edits = [...life.edits, ...lifeFaults.putBacks, ...(offline ? [offline] : [])];
    const commands = commandsOf(life.lines);
    const logs = life.lines.filter((l): l is LogLine => l.type === 'log');
    ledger.record(commands);
    faults.noteAnswers(lifeFaults.events, commands);
    const expected = new ExpectedState(base, commands, edits);
    const checkStarted = Date.now();
    const faulty = await faults.holdOverCheck(faultRng);
    const check = await checkAfterKill(configPath, expected, logs, ledger, { faulty, release: () => faults.releaseAfterCheck() });
    summary.livesMs += checkStarted - lifeStarted;
    summary.checksMs += Date.now() - checkStarted;

    summary.kills += 1;
    summary.killedDuringStartup += life.killedBeforeReady ? 1 : 0;
    summary.commandsSent += commands.length;
    summary.acknowledged += commands.filter((c) => c.outcome?.acknowledged).length;
    summary.notAcknowledged += commands.filter((c) => c.outcome && !c.outcome.acknowledged).length;
    summary.interruptedByKill += commands.filter((c) => !c.outcome).length;
    for (const { intent, outcome } of commands) {
      const counts = summary.byClient[intent.client];
      counts.commands += 1;
      counts.acknowledged += outcome?.acknowledged ? 1 : 0;
    }
    summary.handSaves += edits.length;
    summary.keptWithLog += check.keptWithLog;
    summary.keptWithoutLog += check.keptWithoutLog;
    summary.writtenBackBySaves += check.writtenBack;
    summary.checks += check.checks;
    for (const key of ['old', 'new', 'unprovable'] as const) summary.interruptedCommits[key] += check.interrupted[key];
    summary.strayTemps = check.strayTemps;
    summary.faults = faults.summary();
    summary.lost += check.lost;
    summary.corrupt += check.corrupt;
    summary.durationMs = Date.now() - started;

    if (check.findings.length > 0 || !check.facts) {
      const report = await describeRound({ seed: options.seed, round, configPath, expected, logs, recoveryLog: check.recoveryLog, stderr: life.stderr, faults: lifeFaults.events, faultyAtCheck: faulty });
      const failure = { round, findings: check.findings, report, folder };
      summary.failure ??= failure;
      for (const kind of new Set(check.findings.map(kindOf))) {
        const seen = kinds.get(kind);
        if (seen) seen.rounds += 1;
        else kinds.set(kind, { failure: { ...failure, findings: check.findings.filter((f) => kindOf(f) === kind) }, rounds: 1 });
      }
      summary.failureKinds = [...kinds.values()];
      // A file that does not load leaves nothing to go on from.
      if (!options.keepGoing || !check.facts) {
        options.onProgress?.(summary);
        return summary;
      }
    }
    base = check.facts;
    options.onProgress?.(summary);
  }
  return summary;
}
