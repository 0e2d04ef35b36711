/**
 * Commits and rollbacks killed for real: a child process commits change sets in a loop (add an
 * instrument, remove the previous round's, change a parameter; every other round first commits
 * it with a confirmation window and rolls that back) and is SIGKILLed at a random moment, again
 * and again. After every kill a fresh core starts on the same file: the file must load, the
 * interrupted step must be resolved to the complete old or the complete new state, and the
 * transaction records must agree with what the file holds.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../index.js';
import { loadConfigText } from '../config/index.js';
import { TransactionStore } from './transaction-store.js';

const kills = Number(process.env['CRASH_COMMIT_KILLS'] ?? 200);
const root = resolve(import.meta.dirname, '../../..');
// Inside the repository so the bundle's bare imports (serialport, chokidar) resolve.
const bundleDir = join(root, 'node_modules', '.cache', 'daq-commit-crash');
let dir: string;

const CONFIG = `log_level = "info"
[application]
[storage]
default_path = "data"

[instruments.sig]
type = "mock"
sample_rate_hz = 10.0
amplitude = 0.0

[instruments.k0]
type = "mock"
sample_rate_hz = 10.0
`;

/** The child: commits round after round, starting from the round the file is at. */
const committerLoop = `
import { readFileSync } from 'node:fs';
import { createCore } from './core.mjs';
const [configPath] = process.argv.slice(2);
const round = Math.max(...[...readFileSync(configPath, 'utf8').matchAll(/\\[instruments\\.k(\\d+)\\]/g)].map((m) => Number(m[1])));
const core = createCore({ configPath, hotReload: false, persistRetryMs: 600000, transactionSweepMs: 600000 });
await core.start();
process.stdout.write('ready\\n');
const must = async (p) => { const r = await p; if (!r.ok) throw new Error(JSON.stringify(r.error)); return r.value; };
const staged = async (i) => {
  const { transactionId } = await must(core.call('BeginTransaction', { label: 'round ' + i }));
  await must(core.call('StageInstrumentAdd', { transactionId, id: 'k' + i, config: { type: 'mock', sample_rate_hz: 10 } }));
  await must(core.call('StageInstrumentRemove', { transactionId, id: 'k' + (i - 1) }));
  await must(core.call('StageParameterUpdate', { transactionId, id: 'sig', param: 'amplitude', value: i }));
  return transactionId;
};
for (let i = round + 1; ; i += 1) {
  if (i % 2 === 0) {
    const tried = await staged(i);
    await must(core.call('CommitTransaction', { transactionId: tried, confirmTimeoutS: 3600 }));
    await must(core.call('RollbackTransaction', { transactionId: tried }));
  }
  await must(core.call('CommitTransaction', { transactionId: await staged(i) }));
}
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-commit-crash-'));
  await mkdir(bundleDir, { recursive: true });
  // One plain-JS bundle of the core, so each of the hundreds of children starts quickly.
  await build({
    entryPoints: [join(root, 'main/core/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: join(bundleDir, 'core.mjs'),
    logLevel: 'silent',
  });
  await writeFile(join(bundleDir, 'committer.mjs'), committerLoop);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

function runAndKill(configPath: string, delayMs: number): Promise<void> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(bundleDir, 'committer.mjs'), configPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? done() : reject(new Error(`committer exited ${code}: ${stderr}`))));
  });
}

interface Verdict {
  readonly round: number;
  readonly interrupted: 'none' | 'old' | 'new';
  readonly step?: 'commit' | 'rollback';
}

/** Starts a core on the file as the kill left it and checks that file, model and records agree. */
async function verify(configPath: string, kill: number): Promise<Verdict> {
  const store = new TransactionStore(configPath);
  const journals = await store.readJournals();
  // One step runs at a time: a kill leaves at most one journal, and it can be read.
  expect(journals.length, `kill ${kill}: journals ${journals.map((j) => j.name).join(', ')}`).toBeLessThanOrEqual(1);
  const journal = journals[0]?.journal;
  const core = createCore({ configPath, hotReload: false, transactionSweepMs: 600_000 });
  await core.start();
  try {
    const text = await readFile(configPath, 'utf8');
    const loaded = loadConfigText(text, configPath);
    if (!loaded.ok) throw new Error(`kill ${kill}: the file does not load: ${JSON.stringify(loaded.issues)}`);
    const rounds = Object.keys(loaded.config.instruments).filter((id) => /^k\d+$/.test(id)).map((id) => Number(id.slice(1)));
    // Complete old or complete new: exactly one round's instrument, and its parameter with it.
    if (rounds.length !== 1) throw new Error(`kill ${kill}: a half-applied commit: instruments ${rounds.join(', ')}`);
    const round = rounds[0] as number;
    expect(loaded.config.instruments['sig']?.['amplitude']).toBe(round);
    const settings = await core.call('GetSettings', {});
    expect(settings.ok && (settings.value as { settings: { instruments: Record<string, unknown> } }).settings.instruments).toEqual(loaded.config.instruments);
    expect(await store.readJournals()).toEqual([]);
    const { records } = await store.list();
    const roundOf = (label: string | undefined): number => Number(label?.replace('round ', ''));
    // A record that says its commit stands is in the file (or was replaced by a later round).
    for (const r of records) {
      if (r.state === 'committed' || r.state === 'confirming') expect(roundOf(r.label), `kill ${kill}: ${r.label} says ${r.state}`).toBeLessThanOrEqual(round);
    }
    let interrupted: Verdict['interrupted'] = 'none';
    if (journal) {
      // The step the kill interrupted: its new state exactly when the file shows it.
      const record = records.find((r) => r.transactionId === journal.transactionId);
      const inFile = roundOf(record?.label) === round;
      if (journal.kind === 'rollback') {
        interrupted = record?.state === 'rolled-back' ? 'new' : 'old';
        expect(inFile, `kill ${kill}: the rollback of ${record?.label} resolved ${interrupted} with the file at round ${round}`).toBe(interrupted === 'old');
      } else {
        interrupted = record?.state === 'committed' || record?.state === 'confirming' ? 'new' : 'old';
        expect(inFile, `kill ${kill}: ${record?.label} resolved ${interrupted} with the file at round ${round}`).toBe(interrupted === 'new');
      }
    }
    return { round, interrupted, ...(journal ? { step: journal.kind } : {}) };
  } finally {
    await core.stop();
  }
}

describe('a commit under SIGKILL', () => {
  it(`resolves to the complete old or new state across ${kills} kills`, async () => {
    const configPath = join(dir, 'bench.toml');
    await writeFile(configPath, CONFIG);
    const seen = { none: 0, old: 0, new: 0 };
    const rollbacks = { old: 0, new: 0 };
    let last = 0;
    for (let i = 0; i < kills; i += 1) {
      await runAndKill(configPath, Math.floor(Math.random() * 120));
      const verdict = await verify(configPath, i);
      expect(verdict.round).toBeGreaterThanOrEqual(last);
      last = verdict.round;
      seen[verdict.interrupted] += 1;
      if (verdict.step === 'rollback' && verdict.interrupted !== 'none') rollbacks[verdict.interrupted] += 1;
    }
    console.log(`commit crash test: ${kills} kills, ${last} rounds committed; steps caught mid-way: ${seen.old} resolved to the old state, ${seen.new} to the new (of them rollbacks: ${rollbacks.old} old, ${rollbacks.new} new); ${seen.none} kills between steps`);
    // Kills must have landed inside commits, or the test proved nothing.
    expect(seen.old + seen.new).toBeGreaterThan(0);
  }, 600_000);
});
