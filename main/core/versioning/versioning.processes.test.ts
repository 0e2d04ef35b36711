/**
 * Two real processes keep versions of one config at the same time (as the app and `daq call`
 * can): each takes many snapshots of its own contents, labels some at creation and some
 * afterwards, and both prune to the same retention. Afterwards the index on disk, read without
 * looking at the files, must name exactly the version files there are, each once, with the
 * metadata its writer gave it, and every label must still be there.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, bundleChildScript } from './test-support/child-process-test-kit.js';
import { readStoredIndex } from './version-index.js';
import { parseVersionFile } from './version-names.js';
import { VersionStore } from './version-store.js';

const ROUNDS = Number(process.env['VERSION_PROCESS_ROUNDS'] ?? 100);
const RETENTION = 20;

/**
 * The child: snapshot after snapshot, each of different bytes; every tenth labeled when taken,
 * every tenth (offset by five) labeled right after. A short random pause between rounds, as
 * between real changes, lets the two processes take turns at the lock.
 */
const snapshotter = `
import { VersionStore } from './version-store.mjs';
const [configPath, writer, rounds, retention] = process.argv.slice(2);
const store = new VersionStore(configPath, () => Date.now());
process.stdout.write('ready\\n');
await new Promise((go) => process.stdin.once('data', go));
const kept = [];
for (let round = 0; round < Number(rounds); round += 1) {
  const label = round % 10 === 0 ? 'w' + writer + 'r' + round : undefined;
  const bytes = Buffer.from('# writer ' + writer + ', round ' + round + '\\n[application]\\nname = "bench ' + round + '"\\n');
  const made = await store.snapshot(bytes, { source: 'writer ' + writer, summary: 'round ' + round, ...(label ? { label } : {}) }, Number(retention));
  if (!made.created) throw new Error('round ' + round + ' made no version');
  const versionId = round % 10 === 5 ? await store.label(made.versionId, 'l' + writer + 'r' + round) : made.versionId;
  kept.push({ versionId, at: Date.now() });
  await new Promise((pause) => setTimeout(pause, Math.random() * 4));
}
process.stdout.write(JSON.stringify(kept) + '\\n');
`;

let dir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-version-processes-'));
  script = await bundleChildScript('main/core/versioning/version-store.ts', 'daq-version-processes', snapshotter);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

interface Kept {
  readonly versionId: string;
  readonly at: number;
}

describe('two processes snapshotting one config', () => {
  it(`leave an index that matches the files after ${ROUNDS} snapshots each`, async () => {
    const configPath = join(dir, 'bench.toml');
    const folder = join(dir, '.daq', 'config_versions', 'bench.toml');
    const children = [0, 1].map((writer) => startChild(script, [configPath, String(writer), String(ROUNDS), String(RETENTION)]));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.start();
    const kept = (await Promise.all(children.map((c) => c.result))) as Kept[][];

    const files = (await readdir(folder)).filter((f) => parseVersionFile(f) !== undefined).sort();
    const { entries, damaged } = await readStoredIndex(folder);
    expect(damaged).toBe(false);
    // Every file listed once (a map has each name once), and no entry without a file.
    expect([...entries.keys()].sort()).toEqual(files);
    for (const [file, entry] of entries) {
      const writer = /writer (\d)/.exec(entry.source)?.[1];
      expect(entry.source, file).toMatch(/^writer [01]$/);
      expect((await readFile(join(folder, file), 'utf8')).startsWith(`# writer ${writer}, ${entry.summary}\n`), file).toBe(true);
    }

    const rounds = [...Array(ROUNDS).keys()];
    const labels = [0, 1].flatMap((w) => rounds.flatMap((r) => (r % 10 === 0 ? [`w${w}r${r}`] : r % 10 === 5 ? [`l${w}r${r}`] : [])));
    expect(files.map((f) => parseVersionFile(f)?.label).filter(Boolean).sort()).toEqual(labels.sort());
    expect(files.filter((f) => !parseVersionFile(f)?.label)).toHaveLength(RETENTION);
    // Each labeled version a writer was answered is there under that very id.
    const ids = new Set(files.map((f) => `bench.toml/${f}`));
    for (const k of kept.flat()) if (parseVersionFile(k.versionId.split('/')[1] ?? '')?.label) expect(ids.has(k.versionId), k.versionId).toBe(true);

    // The listing agrees, with nothing rebuilt, and the folder holds no lock or temp file.
    const listed = await new VersionStore(configPath, () => Date.now()).list();
    expect(listed.map((v) => v.versionId.split('/')[1]).sort()).toEqual(files);
    expect(listed.every((v) => /^writer [01]$/.test(v.source))).toBe(true);
    const others = (await readdir(folder)).filter((f) => !files.includes(f));
    expect(others).toContain('index.json');
    expect(others.filter((f) => f !== 'index.json' && f !== 'index.log')).toEqual([]);

    // The run proves something only if the writers took turns and the log was folded meanwhile.
    const turns = kept
      .flatMap((list, writer) => list.map((k) => ({ writer, at: k.at })))
      .sort((a, b) => a.at - b.at)
      .filter((k, i, all) => i > 0 && all[i - 1]?.writer !== k.writer).length;
    expect(turns).toBeGreaterThan(ROUNDS / 10);
    const logLines = (await readFile(join(folder, 'index.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    expect(logLines).toBeLessThan(2 * ROUNDS);
    console.log(`version processes test: 2 × ${ROUNDS} snapshots, ${turns} changes of turn, ${files.length} versions kept, ${logLines} index lines not yet folded`);
  }, 120_000);
});
