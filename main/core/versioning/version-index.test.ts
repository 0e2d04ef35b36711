/**
 * The version index under damage and crashes: a half-written or garbled log line, a log left
 * beside a newer index.json, entries naming paths outside the folder, versions deleted by hand,
 * another process compacting, and a lock its holder left behind. The files stay the truth.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoredIndex } from './version-index.js';
import { parseVersionFile } from './version-names.js';
import { VersionStore } from './version-store.js';

let dir: string;
let clock: number;
const newStore = (): VersionStore => new VersionStore(join(dir, 'bench.toml'), () => (clock += 1000));
const meta = (n: number) => ({ source: `test ${n}`, summary: `change ${n}` });
const bytes = (n: number) => Buffer.from(`# version ${n}\n`);

async function versionFiles(store: VersionStore): Promise<string[]> {
  return (await readdir(store.folder)).filter((f) => parseVersionFile(f) !== undefined).sort();
}

/** The index as stored names exactly the files, none rebuilt. */
async function expectWhole(store: VersionStore): Promise<void> {
  const { entries, damaged } = await readStoredIndex(store.folder);
  expect(damaged).toBe(false);
  expect([...entries.keys()].sort()).toEqual(await versionFiles(store));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-version-index-'));
  clock = Date.parse('2026-03-01T10:00:00Z');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the index log', () => {
  it('ends a line a crashed writer left half-written before appending, and skips garbled lines', async () => {
    const store = newStore();
    for (const n of [1, 2]) await store.snapshot(bytes(n), meta(n), 100);
    await appendFile(join(store.folder, 'index.log'), '{"op":"put","file":"config-2026');
    await store.snapshot(bytes(3), meta(3), 100);
    await appendFile(join(store.folder, 'index.log'), 'not json at all\n{"op":"drop"}\n');
    await newStore().snapshot(bytes(4), meta(4), 100);
    const lines = (await readFile(join(store.folder, 'index.log'), 'utf8')).split('\n');
    expect(lines).toContain('{"op":"put","file":"config-2026');
    expect((await store.list()).map((v) => v.source)).toEqual(['test 4', 'test 3', 'test 2', 'test 1']);
    await expectWhole(store);
  });

  it('replays a log left beside a newer index.json without changing it', async () => {
    const store = newStore();
    for (const n of [1, 2, 3]) await store.snapshot(bytes(n), meta(n), 2);
    await store.label((await store.list())[0]!.versionId, 'named');
    const before = await readStoredIndex(store.folder);
    expect(before.entries.size).toBe(2);
    // A compaction that folded this log into index.json, then crashed before removing it.
    await writeFile(join(store.folder, 'index.json'), JSON.stringify({ versions: Object.fromEntries(before.entries) }));
    expect((await readStoredIndex(store.folder)).entries).toEqual(before.entries);
    await expectWhole(store);
  });

  it('is folded into index.json once it has grown long, and another process notices', async () => {
    const writer = newStore();
    const reader = newStore();
    await writer.snapshot(bytes(0), meta(0), 5);
    expect(await reader.list()).toHaveLength(1);
    for (let n = 1; n <= 150; n += 1) await writer.snapshot(bytes(n), meta(n), 5);
    // 150 versions and 145 removals: past 200 lines the log went into index.json.
    const log = await readFile(join(writer.folder, 'index.log'), 'utf8').catch(() => '');
    expect(log.split('\n').filter(Boolean).length).toBeLessThan(200);
    expect((await reader.list()).map((v) => v.source)).toEqual(['test 150', 'test 149', 'test 148', 'test 147', 'test 146']);
    await reader.snapshot(bytes(151), meta(151), 5);
    expect((await writer.list()).map((v) => v.source)[0]).toBe('test 151');
    await expectWhole(writer);
  });
});

describe('the files stay the truth', () => {
  it('ignores index entries that name paths outside the folder', async () => {
    const store = newStore();
    await store.snapshot(bytes(1), meta(1), 1);
    const outside = join(dir, 'keep.toml');
    const file = '../../../keep.toml';
    // Each time the newest entry of all, with the hash of the bytes snapshotted next.
    const posing = (n: number) => ({ createdMs: clock * 2, hash: createHash('sha256').update(bytes(n)).digest('hex'), source: 's', summary: '' });
    await writeFile(outside, bytes(2));
    await appendFile(join(store.folder, 'index.log'), `${JSON.stringify({ op: 'put', file, entry: posing(2) })}\n`);
    expect((await newStore().snapshot(bytes(2), meta(2), 1)).created).toBe(true);
    await writeFile(outside, bytes(3));
    await writeFile(join(store.folder, 'index.json'), JSON.stringify({ versions: { [file]: posing(3) } }));
    expect((await newStore().snapshot(bytes(3), meta(3), 1)).created).toBe(true);
    expect(await readFile(outside, 'utf8')).toBe(bytes(3).toString());
    expect((await newStore().list()).map((v) => v.source)).toEqual(['test 3']);
  });

  it('compares with the newest version still there when newer ones were deleted by hand', async () => {
    const store = newStore();
    const first = await store.snapshot(bytes(1), meta(1), 100);
    const second = await store.snapshot(bytes(2), meta(2), 100);
    await unlink(join(store.folder, second.versionId.split('/')[1]!));
    expect(await store.snapshot(bytes(1), meta(3), 100)).toEqual({ versionId: first.versionId, created: false });
    await expectWhole(store);
  });

  it('labels a version the index does not know yet with a rebuilt entry', async () => {
    const store = newStore();
    const { versionId } = await store.snapshot(bytes(1), meta(1), 100);
    const file = versionId.split('/')[1]!;
    const copy = file.replace('.toml', '-7.toml');
    await writeFile(join(store.folder, copy), bytes(1));
    const labelled = await store.label(`bench.toml/${copy}`, 'copied');
    expect((await store.list()).find((v) => v.versionId === labelled)?.source).toBe('unknown (index rebuilt)');
    await expectWhole(store);
  });
});

describe('the lock', () => {
  it('is taken over from a holder that died, or one holding it far too long', async () => {
    const store = newStore();
    await store.snapshot(bytes(1), meta(1), 100);
    const lock = join(store.folder, 'index.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    await writeFile(lock, dead);
    expect((await store.snapshot(bytes(2), meta(2), 100)).created).toBe(true);
    await writeFile(lock, String(process.ppid));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect((await store.snapshot(bytes(3), meta(3), 100)).created).toBe(true);
    await expect(readFile(lock)).rejects.toThrow();
  });
});
