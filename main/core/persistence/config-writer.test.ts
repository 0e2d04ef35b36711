/**
 * The writer's cache of its last result: repeated writes give the texts uncached edits give,
 * and a file someone else changed in between is edited as it is now, not as it was. And a held
 * writer (a transaction's record not saved yet) writes nothing until it is released.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/index.js';
import { ConfigWriter, type ConfigChange } from './config-writer.js';
import type { TextCheck } from './pending-rebase.js';
import { contentHash } from './write-ledger.js';
import { removeTable, setValue } from '../toml-edit/index.js';

// A loadable config (the writer refuses to produce one that is not); the extra keys are only warnings.
const START =
  '# bench\nlog_level = "info"\n[application]\n[storage]\ndefault_path = "d"\n\n' +
  '[instruments.laser]\ntype = "mock"\nsample_rate_hz = 1.0\npower = 20 # mW\nport = "COM3"\n\n[instruments.stage]\ntype = "mock"\nsample_rate_hz = 1.0\nspeed = 1.5\n';
const AT = Date.parse('2026-08-20T10:00:00Z');
const STAMP = '2026-08-20T10:00:00Z';

const set = (path: string[], value: number | string, marker = true): ConfigChange => ({ kind: 'set', path, value, marker });

describe('ConfigWriter with its document cache', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-writer-'));
    file = join(dir, 'config.toml');
    await writeFile(file, START);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes what uncached edits write, over repeated writes and a batch', async () => {
    const writer = new ConfigWriter(file, () => AT);
    await writer.write([set(['instruments', 'laser', 'power'], 25)]);
    await writer.write([set(['instruments', 'stage', 'speed'], 2.5), set(['instruments', 'laser', 'port'], 'COM4', false)]);
    await writer.write([{ kind: 'remove', path: ['instruments', 'stage'] }]);
    await writer.write([set(['instruments', 'laser', 'power'], 30)]);
    let expected = setValue(START, ['instruments', 'laser', 'power'], 25, { changedAt: STAMP }).text;
    expected = setValue(expected, ['instruments', 'stage', 'speed'], 2.5, { changedAt: STAMP }).text;
    expected = setValue(expected, ['instruments', 'laser', 'port'], 'COM4').text;
    expected = removeTable(expected, ['instruments', 'stage']).text;
    expected = setValue(expected, ['instruments', 'laser', 'power'], 30, { changedAt: STAMP }).text;
    expect(await readFile(file, 'utf8')).toBe(expected);
    expect(writer.status()).toEqual({ pending: 0 });
  });

  it('edits the file as someone else saved it, not the text it wrote last', async () => {
    const writer = new ConfigWriter(file, () => AT);
    await writer.write([set(['instruments', 'laser', 'power'], 25)]);
    const saved = (await readFile(file, 'utf8')).replace('speed = 1.5', 'speed = 9.5 # by hand');
    await writer.write([set(['instruments', 'laser', 'power'], 26)]);
    await writeFile(file, saved);
    await writer.write([set(['instruments', 'laser', 'power'], 27)]);
    expect(await readFile(file, 'utf8')).toBe(setValue(saved, ['instruments', 'laser', 'power'], 27, { changedAt: STAMP }).text);
  });

  it('checks each text it writes as a config from the editor\'s own tree, which loads exactly as a fresh parse', async () => {
    const seen: { text: string; parsed: boolean; same: boolean }[] = [];
    const check: TextCheck = (text, name, parsed) => {
      const fresh = loadConfigText(text, name);
      const reused = loadConfigText(text, name, parsed);
      const outcome = (r: typeof fresh): string => JSON.stringify(r.ok ? [r.config, r.warnings] : r.issues);
      seen.push({ text, parsed: parsed !== undefined, same: outcome(fresh) === outcome(reused) });
      return fresh.ok ? undefined : 'invalid';
    };
    const writer = new ConfigWriter(file, () => AT, undefined, {}, check);
    for (const value of [25, 26, 27]) expect(await writer.write([set(['instruments', 'laser', 'power'], value)])).toMatchObject({ persisted: true, writtenHash: contentHash(await readFile(file)) });
    await writer.write([set(['instruments', 'stage', 'speed'], 2.5), set(['instruments', 'laser', 'port'], 'COM4', false)]);
    await writer.write([{ kind: 'add-table', path: ['instruments', 'probe'], values: { type: 'mock', sample_rate_hz: 2 }, afterPrefix: ['instruments'] }]);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    // Every check got a tree (no second parse of the text to be written), and it loads the same.
    expect(seen.map((s) => [s.parsed, s.same])).toEqual(seen.map(() => [true, true]));
    expect(seen.at(-1)?.text).toBe(await readFile(file, 'utf8'));
  });

  it('while held, writes nothing: changes wait pending with the reason, a whole-file replace is refused, and the release lets them land', async () => {
    const writer = new ConfigWriter(file, () => AT);
    writer.ledger.record(contentHash(START));
    writer.hold('the record of transaction t1 is not saved yet');
    const held = await writer.write([set(['instruments', 'laser', 'power'], 25)]);
    expect(held).toMatchObject({ persisted: false, persistError: { code: 'PERSIST_FAILED', message: `not written to ${file} yet: the record of transaction t1 is not saved yet` } });
    expect(writer.status().pending).toBe(1);
    await expect(writer.replaceText(START.replace('speed = 1.5', 'speed = 3.0'))).rejects.toMatchObject({ code: 'PERSIST_FAILED', message: `${file} was not replaced: the record of transaction t1 is not saved yet` });
    expect(await readFile(file, 'utf8')).toBe(START);
    writer.hold(undefined);
    expect(await writer.flush()).toMatchObject({ persisted: true });
    expect(await readFile(file, 'utf8')).toBe(setValue(START, ['instruments', 'laser', 'power'], 25, { changedAt: STAMP }).text);
    expect(writer.status()).toEqual({ pending: 0 });
  });
});
