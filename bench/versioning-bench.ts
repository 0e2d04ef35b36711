/**
 * Versions: keeping a snapshot before a change (typical and 5,000-line configs, with 1,000
 * versions already stored), listing 1,000 versions with their metadata, and comparing two
 * 5,000-line versions (unified diff plus the semantic summary). Goals: snapshot p95 < 5 ms for
 * a typical config (the spec asks < 100 ms); list < 20 ms; compare < 100 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTexts } from '../main/core/versioning/compare.js';
import { VersionStore } from '../main/core/versioning/version-store.js';
import { benchConfig, lineCount } from './config-fixtures.js';
import { summarise, type Summary } from './stats.js';

/** A store already holding `count` versions (retention high enough to keep them all). */
async function filledStore(dir: string, count: number): Promise<VersionStore> {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const store = new VersionStore(join(dir, 'bench.toml'), () => (now += 1500));
  const base = benchConfig(300);
  for (let i = 0; i < count; i += 1) await store.snapshot(Buffer.from(`${base}# revision ${i}\n`), { source: 'bench', summary: `revision ${i}` }, 100_000);
  return store;
}

async function snapshots(store: VersionStore, text: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const bytes = Buffer.from(`${text}# change ${i}\n`);
    const t0 = performance.now();
    await store.snapshot(bytes, { source: 'bench', summary: `change ${i}` }, 100_000);
    samples.push(performance.now() - t0);
  }
  return samples;
}

export async function benchVersioning(): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-versions-'));
  try {
    const store = await filledStore(dir, 1000);
    const typical = benchConfig(300);
    const large = benchConfig(5000);
    const snapTypical = await snapshots(store, typical, 60);
    const snapLarge = await snapshots(store, large, 30);
    const list: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const t0 = performance.now();
      const versions = await store.list();
      list.push(performance.now() - t0);
      if (versions.length < 1000) throw new Error(`listed ${versions.length} versions`);
    }
    const changed = large.replace('amplitude = 1.0', 'amplitude = 2.0').replace('[instruments.src_10]', '[instruments.src_10b]');
    const compare: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t0 = performance.now();
      compareTexts('a', large, 'b', changed, 'bench.toml');
      compare.push(performance.now() - t0);
    }
    const warm = (xs: number[]): number[] => xs.slice(Math.min(5, Math.floor(xs.length / 4)));
    return [
      summarise(`version snapshot, ${lineCount(typical)} lines, 1,000 stored`, warm(snapTypical), 'p95 < 5 ms'),
      summarise(`version snapshot, ${lineCount(large)} lines, 1,000 stored`, warm(snapLarge)),
      summarise('list 1,000 versions', warm(list), '< 20 ms'),
      summarise(`compare two ${lineCount(large)}-line versions`, warm(compare), '< 100 ms'),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
