/**
 * The contract fuzz's bench (test-only): a real core on a temp copy of mock-bench.toml with
 * instant fake drivers for the serial types, seen through an observer that both transports are
 * handed instead of the core. The observer runs calls one at a time so each one can be judged
 * on its own: the answer is `ok` or a code of the closed set and fits the contract, a refused
 * call leaves the file byte-identical, and `persisted: true` means the file, loaded again,
 * holds what the answer says.
 */
import { readFileSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appErrorSchema, type Result } from '../../../../shared/errors.js';
import { commands, isCommandName, type CommandName } from '../../../../shared/ipc/contract.js';
import type { InstrumentType } from '../../../../shared/model/instrument-types.js';
import { createCore, type Core } from '../../index.js';
import type { DriverFactory } from '../../instruments/index.js';
import { openedTransactions } from './fuzz-fields-test-kit.js';
import { persistedProblem, same, show } from './fuzz-file-check-test-kit.js';
import { root } from './test-kit.js';

const instant: DriverFactory = () => ({ connect: async () => undefined, applyParameter: async () => undefined, disconnect: async () => undefined });
const serialTypes: InstrumentType[] = ['newport_1830c', 'maitai', 'esp300', 'elliptec'];

interface Tally {
  total: number;
  ok: number;
  codes: Record<string, number>;
}

export interface FuzzBench {
  /** What the transports are given: the core, observed. */
  readonly core: Core;
  readonly dir: string;
  readonly configPath: string;
  /** Counts one answer as the client saw it: `ok`, an error code, or how the connection closed. */
  count(command: CommandName, outcome: string): void;
  /** Payloads of `command` counted so far. */
  totalOf(command: CommandName): number;
  /** Problems found since the last call, with a reproduction each; empties the list. */
  takeViolations(): string[];
  /**
   * Puts the bench back as it started when a batch changed the file, or (with `model`) also
   * when it changed only the model in memory; a reload costs milliseconds, so not every batch.
   */
  restore(options?: { model?: boolean }): Promise<void>;
  /** `fuzz (<label>): N payloads …`, one line per command, and how to repeat the run. */
  report(label: string, ms: number, seed: number): string;
  /** The error of a failed run: what went wrong, and the seed that repeats it. */
  failure(details: { numRuns: number; errorInstance: unknown }, seed: number): string;
  stop(): Promise<void>;
}

export async function startFuzzBench(): Promise<FuzzBench> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-fuzz-'));
  const configPath = join(dir, 'bench.toml');
  await copyFile(join(root, 'main/core/actor/fixtures/mock-bench.toml'), configPath);
  const original = await readFile(configPath, 'utf8');
  const drivers = Object.fromEntries(serialTypes.map((t) => [t, instant]));
  const real = createCore({
    configPath,
    drivers,
    hotReload: false,
    persistRetryMs: 3_600_000, // a background retry would change the file between calls
    readingsIntervalMs: 100,
    timeouts: { connectMs: 200, applyMs: 200, stopMs: 200 },
  });
  await real.start();
  // What a batch may have changed in memory without writing it (persist: false).
  const model = async (): Promise<unknown> => {
    const settings = await real.invoke('GetSettings', {});
    return settings.ok ? settings.value.settings : settings;
  };
  const startModel = await model();
  const modelChanged = async (): Promise<boolean> => !same(await model(), startModel);

  const violations: string[] = [];
  const notes: string[] = [];
  const tallies = new Map<string, Tally>();
  const count = (command: string, outcome: string): void => {
    const t = tallies.get(command) ?? { total: 0, ok: 0, codes: {} };
    tallies.set(command, t);
    t.total += 1;
    if (outcome === 'ok') t.ok += 1;
    else t.codes[outcome] = (t.codes[outcome] ?? 0) + 1;
  };

  // The file's bytes, read again only when its stat changed: the writer replaces the file by a
  // rename (a new inode) and timestamps are finer than a microsecond, so an equal stat means equal bytes.
  // Calls run one at a time and nothing else writes the file (no hot reload, no retry timer,
  // confirmation windows of an hour), so the bytes after one call are the bytes before the next.
  let known = { stat: statSync(configPath), bytes: readFileSync(configPath) };
  const fileBytes = (): Buffer => {
    const stat = statSync(configPath);
    const { stat: was } = known;
    if (stat.ino !== was.ino || stat.size !== was.size || stat.mtimeMs !== was.mtimeMs || stat.ctimeMs !== was.ctimeMs) known = { stat, bytes: readFileSync(configPath) };
    return known.bytes;
  };

  async function observe(name: unknown, payload: unknown): Promise<Result<unknown>> {
    const before = known.bytes;
    const result = await real.call(name, payload);
    const after = fileBytes();
    try {
      await judge(name, payload, result, before, after);
    } catch (err) {
      // A bug in a check must show as one, not as an INTERNAL answer to the transport.
      violations.push(`checking ${String(name)} ${show(payload)} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
    return result;
  }

  async function judge(name: unknown, payload: unknown, result: Result<unknown>, before: Buffer, after: Buffer): Promise<void> {
    const command = isCommandName(name) ? name : undefined;
    const problem = (what: string): void => void violations.push(`${String(name)} ${show(payload)}: ${what}`);
    if (!command) return problem('the transport called a command outside the contract');
    if (result.ok) {
      const fits = commands[command].response.safeParse(result.value);
      if (!fits.success) problem(`ok answer breaks the response schema: ${show(fits.error.issues, 500)}`);
      const value = result.value as Record<string, unknown>;
      if (command === 'BeginTransaction') openedTransactions.push(String(value['transactionId']));
      // SyncConfigToFile answers persisted: true with nothing to write; then there is nothing to check.
      if (value['persisted'] === true && (command !== 'SyncConfigToFile' || before !== after)) {
        const settings = command === 'CommitTransaction' ? await real.invoke('GetSettings', {}) : undefined;
        const wrong = await persistedProblem(configPath, command, payload, value, settings?.ok ? settings.value.settings : undefined);
        if (wrong) problem(`answered persisted: true, but ${wrong}`);
      }
    } else {
      const valid = appErrorSchema.safeParse(result.error);
      if (!valid.success) problem(`error outside the closed set: ${show(result)}`);
      // In the closed set, so within the contract, but a bug by definition: the report lists it.
      if (result.error.code === 'INTERNAL') notes.push(`INTERNAL answer to ${String(name)} ${show(payload)}: ${result.error.message}`);
      if (before !== after && !before.equals(after)) problem(`refused with ${result.error.code} (${result.error.message.slice(0, 200)}), yet the config file changed (during the call, or since the one before)`);
    }
  }

  let tail: Promise<unknown> = Promise.resolve();
  const core: Core = {
    ...real,
    call: (name, payload) => {
      const run = tail.then(() => observe(name, payload));
      tail = run.catch(() => undefined);
      return run;
    },
    invoke: (name, request) => core.call(name, request) as never,
  };

  return {
    core,
    dir,
    configPath,
    count,
    totalOf: (command) => tallies.get(command)?.total ?? 0,
    takeViolations: () => violations.splice(0),
    async restore(options = {}) {
      await tail;
      const text = await readFile(configPath, 'utf8');
      if (text === original && (!options.model || !(await modelChanged()))) return;
      await writeFile(configPath, original);
      const reloaded = await real.call('ReloadConfig', {});
      fileBytes();
      // Not a failure of the contract: changes still pending are redone on the file a reload
      // reads, by design (one left pending for an instrument removed since comes back too, a
      // defect of its own). The run goes on from there, and the report says so.
      if (!reloaded.ok || (await modelChanged())) notes.push(`the bench could not be put back by a reload: ${show(reloaded, 400)}`);
    },
    failure(details, seed) {
      const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      return `fuzz failed in batch ${details.numRuns} (FUZZ_SEED=${seed} repeats the run):\n${reason}`;
    },
    report(label, ms, seed) {
      const all = [...tallies.values()];
      const sum = (f: (t: Tally) => number): number => all.reduce((n, t) => n + f(t), 0);
      const codes: Record<string, number> = {};
      for (const t of all) for (const [c, n] of Object.entries(t.codes)) codes[c] = (codes[c] ?? 0) + n;
      const perCommand = [...tallies.entries()].map(([c, t]) => `  ${c}: ${t.total} (${t.ok} ok, ${show(t.codes, 400)})`);
      const head = `fuzz (${label}): ${sum((t) => t.total)} payloads in ${(ms / 1000).toFixed(1)} s, ${sum((t) => t.ok)} ok, ${sum((t) => t.total - t.ok)} refused by code ${show(codes, 400)}`;
      const noted = notes.slice(0, 5).map((n) => `  note: ${n}`).concat(notes.length > 5 ? [`  … ${notes.length - 5} more note(s)`] : []);
      return [head, ...perCommand, ...noted, `  seed ${seed} (FUZZ_SEED=${seed} repeats this run)`].join('\n');
    },
    async stop() {
      await tail;
      await real.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The run's seed: FUZZ_SEED when set (to repeat a failed run), otherwise a new one each run. */
export function fuzzSeed(): number {
  const given = process.env['FUZZ_SEED'];
  return given && Number.isInteger(Number(given)) ? Number(given) : Math.floor(Math.random() * 2 ** 31);
}
