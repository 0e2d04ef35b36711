/**
 * `daq` start-up as a script sees it: the wall time of `node bin/daq.mjs …` as a child process,
 * from spawn to exit, for `validate` and an in-process `call` on the shipped config. Goal: p95
 * under 300 ms. Bare `node -e 0` is measured alongside, so a slow machine shows as such.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarise, type Summary } from './stats.js';

const root = resolve(import.meta.dirname, '..');
const daq = join(root, 'bin/daq.mjs');

function timedRun(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return ms;
}

export async function benchCliStart(runs = 20): Promise<Summary[]> {
  // `call` starts a core, which keeps state beside its config: a copy keeps config/ clean.
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-cli-'));
  const config = join(dir, 'default.toml');
  await copyFile(join(root, 'config/default.toml'), config);
  const cases: [string, string[], string][] = [
    ['node -e 0 (bare Node start-up, for scale)', ['-e', '0'], ''],
    ['daq validate config/default.toml (child process)', [daq, 'validate', '--config', join(root, 'config/default.toml')], 'p95 < 300 ms'],
    ['daq call ListInstruments {} in-process (child process)', [daq, 'call', 'ListInstruments', '{}', '--config', config], 'p95 < 300 ms'],
  ];
  try {
    // Not timed: builds the CLI if its sources changed and leaves the code cache for this build.
    timedRun([daq, 'validate']);
    const samples = cases.map((): number[] => []);
    // Interleaved, so a burst of load elsewhere on the machine falls on every case alike.
    for (let i = 0; i < runs; i += 1) cases.forEach(([, args], c) => samples[c]?.push(timedRun(args)));
    return cases.map(([name, , goal], c) => summarise(name, samples[c] ?? [], goal));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
