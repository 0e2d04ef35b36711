/**
 * Stored decodings: a comparison made from them answers exactly what loading both texts afresh
 * answers (the lines and every structured change), parsing only a text that has none; a record
 * that is damaged, made by another decoder, named for other bytes or no longer valid is not
 * trusted; records go with the versions pruned; and after a restart the app compares the
 * versions it kept, the one it started on included, without parsing either.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as config from '../config/index.js';
import { BENCH, ok, root, startCore } from '../actor/test-support/test-kit.js';
import { createCore } from '../index.js';
import { decodeTomlBytes } from '../toml-edit/index.js';
import { compareContents, compareTexts, type ComparedContent } from './compare.js';
import { ConfigLoads } from './config-loads.js';
import { DECODING_PROBE, decodingFingerprint, StoredDecodings } from './stored-decodings.js';
import { VersionStore } from './version-store.js';

const FILE = 'bench.toml';
const retuned = BENCH.replace('sample_rate_hz = 50.0', 'sample_rate_hz = 20.0')
  .replace('name = "Signal"', 'name = "Signal B"')
  .replace('[processors]', '[instruments.spare]\ntype = "mock"\nsample_rate_hz = 5.0\n\n[processors]');
// Neither loads: a processor chain of an instrument no longer there, a role of one never there.
const renamed = BENCH.replace('[instruments.sig]', '[instruments.sig2]');
const broken = BENCH.replace('power_meter = "pm"', 'power_meter = "gone"');
// Loads, with a warning: the unknown key is dropped from the config.
const newerKey = `note_from_a_newer_build = "kept"\n${BENCH}`;
// Loads, but JSON cannot carry NaN: never stored.
const notJson = `unknown_float = nan\n${BENCH}`;
const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(retuned)]);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const kept = (name: string, bytes: Uint8Array): ComparedContent => ({ name, bytes, text: decodeTomlBytes(bytes).text, kept: true });

let dir: string;
let decodings: StoredDecodings;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-decodings-'));
  decodings = new StoredDecodings(join(dir, 'decoded'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function sides(): Promise<ComparedContent[]> {
  const shipped = await readFile(join(root, 'config', 'default.toml'));
  return [kept('bench', Buffer.from(BENCH)), kept('retuned', Buffer.from(retuned)), kept('renamed', Buffer.from(renamed)), kept('broken', Buffer.from(broken)), kept('newer', Buffer.from(newerKey)), kept('nan', Buffer.from(notJson)), kept('shipped', shipped), kept('bom', bom)];
}

/** Stores the decodings the app would: of each text it loaded, as the config writer's check does. */
async function storeAll(all: readonly ComparedContent[]): Promise<void> {
  const writer = new ConfigLoads();
  for (const side of all) {
    writer.load(side.text, FILE);
    await decodings.keep(side.bytes, FILE, writer);
  }
}

describe('a comparison from stored decodings', () => {
  it('answers exactly what loading both texts afresh does, parsing only texts with none', async () => {
    const all = await sides();
    await storeAll(all);
    // Neither a text that does not load nor the one JSON cannot carry has a record.
    expect((await readdir(decodings.folder)).sort()).toEqual(['bench', 'retuned', 'newer', 'shipped', 'bom'].map((n) => `${sha256(all.find((s) => s.name === n)!.bytes)}.json.gz`).sort());
    const load = vi.spyOn(config, 'loadConfigText');
    try {
      for (const a of all) {
        for (const b of all) {
          load.mockClear();
          const stored = await compareContents(a, b, FILE, new ConfigLoads(), decodings);
          const parsed = load.mock.calls.length;
          expect(stored, `${a.name} → ${b.name}`).toEqual(compareTexts(a.name, a.text, b.name, b.text, FILE));
          expect(parsed, `${a.name} → ${b.name}`).toBe(new Set([a, b].filter((s) => ['renamed', 'broken', 'nan'].includes(s.name))).size);
        }
      }
    } finally {
      load.mockRestore();
    }
    // The fixtures show what they stand for.
    expect(compareTexts('bench', BENCH, 'retuned', retuned, FILE).summary.text).toBe('pm.sample_rate_hz 50 → 20; sig.name Signal → Signal B; added spare');
    expect(compareTexts('bench', BENCH, 'renamed', renamed, FILE).summary.text).toBe('renamed does not load as a configuration today; only the lines are compared');
  });

  it('stores the decoding of a kept version it had to parse, for the next time', async () => {
    const [bench, retunedSide] = await sides();
    await compareContents(bench!, retunedSide!, FILE, new ConfigLoads(), decodings);
    expect(await decodings.recall(bench!.bytes, bench!.text, FILE, new ConfigLoads())).toBe(true);
    expect(await decodings.recall(retunedSide!.bytes, retunedSide!.text, FILE, new ConfigLoads())).toBe(true);
  });
});

describe('a stored decoding', () => {
  it('of a change\'s version is written after the change, taken while the decoding is at hand; settled() waits for it', async () => {
    const [bench] = await sides();
    const loads = new ConfigLoads();
    loads.load(bench!.text, FILE);
    decodings.keepLater(bench!.bytes, FILE, loads);
    // What loads knows may be gone by the time the record is written: it was taken already.
    loads.load(retuned, FILE);
    loads.load(newerKey, FILE);
    await decodings.settled();
    expect(await readdir(decodings.folder)).toEqual([`${sha256(bench!.bytes)}.json.gz`]);
    expect(await decodings.recall(bench!.bytes, bench!.text, FILE, new ConfigLoads())).toBe(true);
  });

  it('is made under a fingerprint that sees every kind of value decode', () => {
    const probe = config.parseTomlText(DECODING_PROBE, 'probe.toml');
    expect(probe.ok && Object.keys(probe.doc.value)).toEqual(expect.arrayContaining(['offset_datetime', 'local_time', 'inline', 'tables', 'table']));
    expect(decodingFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is not trusted when damaged, made by another decoder or named for other bytes', async () => {
    const all = await sides();
    const [bench, retunedSide] = all;
    await storeAll([bench!]);
    const record = join(decodings.folder, `${sha256(bench!.bytes)}.json.gz`);
    expect(await decodings.read(sha256(bench!.bytes))).toBeDefined();
    // A record copied under another content's name.
    await copyFile(record, join(decodings.folder, `${sha256(retunedSide!.bytes)}.json.gz`));
    expect(await decodings.read(sha256(retunedSide!.bytes))).toBeUndefined();
    const value = await decodings.read(sha256(bench!.bytes));
    await writeFile(record, gzipSync(JSON.stringify({ decoder: 'another build', hash: sha256(bench!.bytes), value })));
    expect(await decodings.read(sha256(bench!.bytes))).toBeUndefined();
    // Torn by a crash: gzip's checksum fails.
    const whole = gzipSync(JSON.stringify({ decoder: decodingFingerprint(), hash: sha256(bench!.bytes), value }));
    await writeFile(record, whole.subarray(0, whole.length - 4));
    expect(await decodings.read(sha256(bench!.bytes))).toBeUndefined();
    expect(await compareContents(bench!, retunedSide!, FILE, new ConfigLoads(), decodings)).toEqual(compareTexts('bench', BENCH, 'retuned', retuned, FILE));
  });

  it('that does not validate today is not taken: the text is loaded in full', async () => {
    const [bench, retunedSide] = await sides();
    const brokenValue = config.parseTomlText(broken, FILE);
    if (!brokenValue.ok) throw new Error('broken does not parse');
    await decodings.write(sha256(bench!.bytes), brokenValue.doc.value);
    expect(await decodings.recall(bench!.bytes, bench!.text, FILE, new ConfigLoads())).toBe(false);
    expect(await compareContents(bench!, retunedSide!, FILE, new ConfigLoads(), decodings)).toEqual(compareTexts('bench', BENCH, 'retuned', retuned, FILE));
  });

  it('goes with the versions pruned, unless another version holds the same bytes', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new VersionStore(join(dir, FILE), () => (now += 1500));
    const loads = new ConfigLoads();
    const keep = async (text: string): Promise<void> => {
      loads.load(text, FILE);
      const made = await store.snapshot(Buffer.from(text), { source: 'test', summary: '' }, 2);
      if (made.created) await store.decodings.keep(Buffer.from(text), FILE, loads);
    };
    const other = BENCH.replace('sample_rate_hz = 50.0', 'sample_rate_hz = 30.0');
    await keep(BENCH);
    await keep(retuned);
    await keep(BENCH);
    await writeFile(join(store.decodings.folder, 'left-by-a-crash.tmp'), 'x');
    // Keeping a fourth drops the two oldest: BENCH is still held by the third, retuned by none.
    await keep(other);
    expect((await readdir(store.decodings.folder)).sort()).toEqual([BENCH, other].map((t) => `${sha256(Buffer.from(t))}.json.gz`).sort());
    expect(await store.list()).toHaveLength(2);
  });
});

describe('CompareConfigVersions after a restart', () => {
  it('parses neither of two versions the app kept, the text it started on included', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 20 });
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 30 });
    const [newer, started] = (await ok(h, 'ListConfigVersions', {})).versions;
    const request = { versionA: started!.versionId, versionB: newer!.versionId };
    const before = await ok(h, 'CompareConfigVersions', request);
    expect(before.summary.text).toBe('pm.sample_rate_hz 50 → 20');
    await h.core.stop();
    const again = createCore({ configPath: h.configPath, hotReload: false });
    await again.start();
    const load = vi.spyOn(config, 'loadConfigText');
    try {
      expect(await again.invoke('CompareConfigVersions', request)).toEqual({ ok: true, value: before });
      expect(load).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
      await again.stop();
    }
  });
});
