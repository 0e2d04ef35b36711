/**
 * The writer against a person's editor saving at the worst moment, and against changes it
 * cannot write: a save that lands between our last look and our rename is merged with the
 * app's change or kept aside and reported, and `persisted: true` means the bytes are there.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstConfigError } from '../config/index.js';
import { ConfigWriter, type ConfigChange } from './config-writer.js';
import { contentHash } from './write-ledger.js';

const START = 'log_level = "info"\n[application]\n[storage]\ndefault_path = "d"\n\n[instruments.laser]\ntype = "mock"\nsample_rate_hz = 1.0 # Hz\n\n[instruments.stage]\ntype = "mock"\nsample_rate_hz = 1.0\n';
const AT = Date.parse('2026-08-20T10:00:00Z');
const set = (path: string[], value: unknown): ConfigChange => ({ kind: 'set', path, value: value as never, marker: false });

describe('a hand save racing the app', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-race-'));
    file = join(dir, 'config.toml');
    await writeFile(file, START);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A writer whose first rename lets `handText` land in the file just before it. */
  function racedWriter(handText: (current: string) => string): ConfigWriter {
    let raced = false;
    const writer = new ConfigWriter(file, () => AT, undefined, {
      rename: async (from, to) => {
        if (!raced) {
          raced = true;
          writeFileSync(to, handText(START));
        }
        await rename(from, to);
      },
    });
    writer.ledger.record(contentHash(START));
    return writer;
  }

  it('merges a save that slipped in before the rename: both changes are in the file', async () => {
    const writer = racedWriter((t) => t.replace('[instruments.stage]\ntype = "mock"\nsample_rate_hz = 1.0', '[instruments.stage]\ntype = "mock"\nsample_rate_hz = 7.0 # by hand'));
    const result = await writer.write([set(['instruments', 'laser', 'sample_rate_hz'], 3)]);
    expect(result).toMatchObject({ persisted: true, handEdits: [{ merged: true }] });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('sample_rate_hz = 7.0 # by hand');
    expect(text).toContain('sample_rate_hz = 3.0 # Hz');
    // The merged text is not the app's own: hot reload must still apply the hand edit.
    expect(writer.ledger.isKnown(contentHash(text))).toBe(false);
    // The save as it landed is kept as well, and the notice says where.
    expect(result.handEdits?.[0]?.message).toMatch(/also kept in .*hand-edits/);
    expect((await readdir(dir)).sort()).toEqual(['.daq', 'config.toml']);
  });

  it('keeps aside a save that cannot take the change, and says where', async () => {
    const half = 'log_level = "info"\n[application\n';
    const writer = racedWriter(() => half);
    const result = await writer.write([set(['instruments', 'laser', 'sample_rate_hz'], 3)]);
    expect(result.persisted).toBe(true);
    const notice = result.handEdits?.[0];
    expect(notice).toMatchObject({ merged: false });
    expect(notice?.message).toMatch(/could not be merged/);
    expect(await readFile(notice?.savedAs ?? '', 'utf8')).toBe(half);
    expect(notice?.savedAs).toContain(join(dir, '.daq', 'hand-edits'));
    expect(await readFile(file, 'utf8')).toContain('sample_rate_hz = 3.0 # Hz');
  });
});

describe('persisted means written', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-honest-'));
    file = join(dir, 'config.toml');
    await writeFile(file, START);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a change that cannot be written on the app\'s own text stays pending and is not reported as persisted', async () => {
    const writer = new ConfigWriter(file, () => AT);
    writer.ledger.record(contentHash(START));
    const result = await writer.write([set(['instruments', 'laser', 'sample_rate_hz'], null)]);
    expect(result.persisted).toBe(false);
    expect(result.persistError?.code).toBe('PERSIST_FAILED');
    expect(result.conflicts).toBeUndefined();
    expect(writer.status().pending).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(START);
    // It does not block the next change, which lands; it stays pending and reported.
    const next = await writer.write([set(['instruments', 'stage', 'sample_rate_hz'], 2)]);
    expect(next.persisted).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('sample_rate_hz = 2.0\n');
    expect(writer.status()).toMatchObject({ pending: 1, lastError: { code: 'PERSIST_FAILED' } });
    const sync = await writer.flush();
    expect(sync.persisted).toBe(false);
  });

  it('a change that a hand edit contradicts is answered CONFLICT, not persisted', async () => {
    // The app's check: a table without its `type` would not load, so the change does not fit.
    const writer = new ConfigWriter(file, () => AT, undefined, {}, firstConfigError);
    writer.ledger.record(contentHash(START));
    await writeFile(file, START.replace(/\[instruments\.laser\][^[]*/, ''));
    const result = await writer.write([set(['instruments', 'laser', 'sample_rate_hz'], 3)]);
    expect(result).toMatchObject({ persisted: false, persistError: { code: 'CONFLICT' } });
    expect(writer.status().pending).toBe(0);
  });

  it('refuses a named pipe put where the config was, instead of blocking on it', async () => {
    const writer = new ConfigWriter(file, () => AT);
    writer.ledger.record(contentHash(START));
    await rm(file);
    execFileSync('mkfifo', [file]);
    const result = await writer.write([set(['instruments', 'laser', 'sample_rate_hz'], 3)]);
    expect(result).toMatchObject({ persisted: false, persistError: { code: 'PERSIST_FAILED' } });
    expect(result.persistError?.message).toMatch(/not a regular file/);
    expect(writer.status().pending).toBe(1);
  });
});
