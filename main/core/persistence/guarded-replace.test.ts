/**
 * The compare-and-replace under the config writer: it replaces only the text it edited, and a
 * save of another program that lands in the file in the instant before the rename is caught
 * and handed back instead of vanishing.
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceIfUnchanged } from './guarded-replace.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function file(text: string): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-guard-'));
  dirs.push(dir);
  const path = join(dir, 'bench.toml');
  await writeFile(path, text);
  return { dir, path };
}

const enc = (s: string): Uint8Array => Buffer.from(s);

describe('replaceIfUnchanged', () => {
  it('replaces the file when it still holds the expected text, leaving no temp or link behind', async () => {
    const { dir, path } = await file('a = 1\n');
    expect(await replaceIfUnchanged(path, enc('a = 2\n'), enc('a = 1\n'))).toEqual({ kind: 'replaced' });
    expect(await readFile(path, 'utf8')).toBe('a = 2\n');
    expect(await readdir(dir)).toEqual(['bench.toml']);
  });

  it('writes nothing when the file changed since it was read', async () => {
    const { dir, path } = await file('a = 1\nb = "hand"\n');
    expect(await replaceIfUnchanged(path, enc('a = 2\n'), enc('a = 1\n'))).toEqual({ kind: 'changed' });
    expect(await readFile(path, 'utf8')).toBe('a = 1\nb = "hand"\n');
    expect(await readdir(dir)).toEqual(['bench.toml']);
  });

  it('writes nothing when the file is gone', async () => {
    const { dir, path } = await file('a = 1\n');
    await rm(path);
    expect(await replaceIfUnchanged(path, enc('a = 2\n'), enc('a = 1\n'))).toEqual({ kind: 'changed' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('hands back a save made in place into the file just before the rename', async () => {
    const { dir, path } = await file('a = 1\n');
    const outcome = await replaceIfUnchanged(path, enc('a = 2\n'), enc('a = 1\n'), {
      rename: async (from, to) => {
        // An editor saving in place at the worst moment: after our last look, before the rename.
        writeFileSync(to, 'a = 1\nb = "hand"\n');
        await rename(from, to);
      },
    });
    expect(outcome.kind).toBe('slipped');
    expect(outcome.kind === 'slipped' && Buffer.from(outcome.replaced).toString()).toBe('a = 1\nb = "hand"\n');
    expect(await readFile(path, 'utf8')).toBe('a = 2\n');
    expect(await readdir(dir)).toEqual(['bench.toml']);
  });
});
