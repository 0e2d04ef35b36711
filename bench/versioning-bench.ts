/**
 * Versions: keeping a snapshot before a change (a typical config, the shipped default, and a
 * 5,000-line one, with 1,000 versions already stored), listing 1,000 versions with their
 * metadata, and comparing two 5,000-line versions (unified diff plus the semantic summary).
 * Goals: snapshot p95 < 5 ms for the typical config (the spec asks < 100 ms); list < 20 ms;
 * compare < 100 ms.
 *
 * A snapshot is timed as the app takes one: the version's file (fsynced) and its stored
 * decoding; two rows show what the disk alone costs: the same atomic, durable write without any
 * versioning around it, timed in turn with the snapshots. A comparison is timed as the app
 * meets it: with both texts loaded before in this run (the config writer loads every text it
 * writes, and a version is a text the app wrote); after a restart, with neither loaded in this
 * run (the versions' decodings stored when they were kept); and, for reference, versions the
 * app never loaded at all (no stored decoding: both parsed in full).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfigText } from '../main/core/config/index.js';
import { writeFileAtomic } from '../main/core/persistence/atomic-file.js';
import { decodeTomlBytes } from '../main/core/toml-edit/index.js';
import { compareContents, compareTexts, type ComparedContent } from '../main/core/versioning/compare.js';
import { ConfigLoads } from '../main/core/versioning/config-loads.js';
import { VersionStore } from '../main/core/versioning/version-store.js';
import { benchConfig, lineCount } from './config-fixtures.js';
import { summarise, type Summary } from './stats.js';

const STORED = 1000;
const FILE = 'bench.toml';

/** A store already holding `count` versions (retention high enough to keep them all). */
async function filledStore(dir: string, count: number, text: string): Promise<VersionStore> {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const store = new VersionStore(join(dir, 'bench.toml'), () => (now += 1500));
  for (let i = 0; i < count; i += 1) await store.snapshot(Buffer.from(`${text}# revision ${i}\n`), { source: 'bench', summary: `revision ${i}` }, 100_000);
  return store;
}

async function timeOnce(work: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

async function timed(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await timeOnce(work));
  return samples;
}

/**
 * Snapshots, each of a text not stored yet as before a real change, taken in turn with plain
 * durable writes of the same size, so both see the same disk and the same load. Each text is
 * known as loaded, as the config writer's check left it when the app wrote it (a comment more
 * than `text`, it decodes the same; told rather than parsed here, so no parse's garbage
 * collection lands in the timings).
 */
async function snapshotsAndWrites(store: VersionStore, dir: string, text: string, runs: number): Promise<{ snapshots: number[]; writes: number[] }> {
  const snapshots: number[] = [];
  const writes: number[] = [];
  const loads = new ConfigLoads();
  const loaded = loadConfigText(text, FILE);
  if (!loaded.ok) throw new Error('the snapshot text does not load');
  for (let i = 0; i < runs; i += 1) {
    const changed = `${text}# change ${i}\n`;
    loads.note(changed, FILE, loaded.config, loaded.doc.value);
    snapshots.push(await timeOnce(() => keepVersion(store, loads, Buffer.from(changed), `change ${i}`)));
    writes.push(await timeOnce(() => writeFileAtomic(join(dir, `plain-${lineCount(text)}-${i}.toml`), Buffer.from(`${text}# write ${i}\n`))));
  }
  return { snapshots, writes };
}

/** What the app does to keep a version: the file, then its decoding (Versioning.beforeChange). */
async function keepVersion(store: VersionStore, loads: ConfigLoads, bytes: Buffer, summary: string): Promise<string> {
  const made = await store.snapshot(bytes, { source: 'bench', summary }, 100_000);
  if (made.created) await store.decodings.keep(bytes, FILE, loads);
  return made.versionId;
}

/** A version as CompareConfigVersions reads it. */
async function versionContent(store: VersionStore, versionId: string): Promise<ComparedContent> {
  const bytes = await store.read(versionId);
  return { name: versionId, bytes, text: decodeTomlBytes(bytes).text, kept: true };
}

export async function benchVersioning(): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-versions-'));
  try {
    const typical = await readFile(resolve(import.meta.dirname, '../config/default.toml'), 'utf8');
    const large = benchConfig(5000);
    const store = await filledStore(dir, STORED, typical);
    const typicalRuns = await snapshotsAndWrites(store, dir, typical, 100);
    const largeRuns = await snapshotsAndWrites(store, dir, large, 40);
    const list = await timed(30, async () => {
      const versions = await store.list();
      if (versions.length < STORED) throw new Error(`listed ${versions.length} versions`);
    });
    const changed = large.replace('amplitude = 1.0', 'amplitude = 2.0').replace('[instruments.src_10]', '[instruments.src_10b]');
    const loads = new ConfigLoads();
    // What the config writer's check did when the app wrote these two texts.
    if (loads.firstError(large, FILE) ?? loads.firstError(changed, FILE)) throw new Error('the compared texts do not load');
    const [idA, idB] = [await keepVersion(store, loads, Buffer.from(large), 'compared'), await keepVersion(store, loads, Buffer.from(changed), 'compared')];
    const compareVersions = async (loaded: ConfigLoads) => {
      const [a, b] = await Promise.all([versionContent(store, idA), versionContent(store, idB)]);
      return compareContents(a, b, FILE, loaded, store.decodings);
    };
    const compareKnown = await timed(30, () => compareVersions(loads));
    // Each comparison starts with nothing loaded, as after a restart: both sides come from the
    // decodings stored when the versions were kept (a missing one would be parsed, and the row would show it).
    for (const id of [idA, idB]) {
      const { bytes, text } = await versionContent(store, id);
      if (!(await store.decodings.recall(bytes, text, FILE, new ConfigLoads()))) throw new Error(`no decoding was stored for ${id}`);
    }
    const compareRestarted = await timed(30, () => compareVersions(new ConfigLoads()));
    const compareUnseen = await timed(20, () => compareTexts('a', large, 'b', changed, FILE, new ConfigLoads()));
    const warm = (xs: number[]): number[] => xs.slice(Math.min(5, Math.floor(xs.length / 4)));
    const stored = `${STORED.toLocaleString('en')} stored`;
    return [
      summarise(`version snapshot, ${lineCount(typical)} lines (default.toml), ${stored}`, warm(typicalRuns.snapshots), 'p95 < 5 ms'),
      summarise(`  its durable file write alone, ${lineCount(typical)} lines`, warm(typicalRuns.writes)),
      summarise(`version snapshot, ${lineCount(large)} lines, ${stored}`, warm(largeRuns.snapshots), 'p95 < 100 ms'),
      summarise(`  its durable file write alone, ${lineCount(large)} lines`, warm(largeRuns.writes)),
      summarise(`list ${stored} versions`, warm(list), '< 20 ms'),
      summarise(`compare two ${lineCount(large)}-line versions, texts loaded before`, warm(compareKnown), '< 100 ms'),
      summarise(`compare two ${lineCount(large)}-line versions, neither loaded in this run`, warm(compareRestarted), 'p95 < 100 ms'),
      summarise(`  the same, never loaded by the app (both parsed in full)`, warm(compareUnseen)),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
