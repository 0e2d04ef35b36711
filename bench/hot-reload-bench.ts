/**
 * Hot reload: (1) the reload work itself — read, parse, validate, diff, apply with mock
 * instruments — timed through ReloadConfig; (2) detection + work: from the rename of a saved
 * file to the applied event, minus the configured debounce. Goals: under 50 ms p95 beyond the
 * debounce for a typical config, under 250 ms for 5,000 lines.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../main/core/index.js';
import { benchConfig, lineCount } from './config-fixtures.js';
import { summarise, type Summary } from './stats.js';

const DEBOUNCE = 50;

function variant(text: string, n: number): string {
  return text.replace('amplitude = 1.0', `amplitude = ${1 + (n % 9)}.5`);
}

async function reloadWork(text: string, runs: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-reload-'));
  const path = join(dir, 'config.toml');
  await writeFile(path, text);
  const core = createCore({ configPath: path, hotReload: false, persistRetryMs: 3_600_000 });
  await core.start();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      await writeFile(path, variant(text, i));
      const t0 = performance.now();
      const r = await core.invoke('ReloadConfig', {});
      samples.push(performance.now() - t0);
      if (!r.ok || r.value.outcome !== 'applied') throw new Error(`reload did not apply: ${JSON.stringify(r)}`);
    }
  } finally {
    await core.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return samples.slice(2);
}

async function detection(text: string, runs: number): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-detect-'));
  const path = join(dir, 'config.toml');
  await writeFile(path, text);
  const core = createCore({ configPath: path, persistRetryMs: 3_600_000 });
  let applied: (() => void) | undefined;
  core.onEvents((b) => {
    if (b.events.some((e) => e.type === 'hot-reload:status-changed' && e.reload.outcome === 'applied')) applied?.();
  });
  await core.start();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const temp = join(dir, `.config.toml.save-${i}`);
      await writeFile(temp, variant(text, i));
      const done = new Promise<void>((r) => (applied = r));
      const t0 = performance.now();
      await rename(temp, path); // how editors save: temp file + rename
      await done;
      samples.push(performance.now() - t0 - DEBOUNCE);
    }
  } finally {
    await core.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return samples.slice(2);
}

export async function benchHotReload(): Promise<Summary[]> {
  const typical = benchConfig(60, DEBOUNCE);
  const large = benchConfig(5000, DEBOUNCE);
  const rows: Summary[] = [];
  for (const [label, text, goal, runs] of [
    ['typical', typical, 'p95 < 50 ms beyond debounce', 30],
    ['large', large, 'p95 < 250 ms beyond debounce', 12],
  ] as const) {
    const size = `${lineCount(text)} lines`;
    rows.push(summarise(`hot reload work, ${label} (${size})`, await reloadWork(text, runs), label === 'typical' ? 'spec: < 200 ms' : ''));
    rows.push(summarise(`hot reload rename→applied − debounce, ${label} (${size})`, await detection(text, runs), goal));
  }
  return rows;
}
