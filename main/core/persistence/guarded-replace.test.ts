/**
 * The compare-and-replace under the config writer: it replaces only the text it edited, and a
 * save of another program that lands in the file in the instant before the rename is caught
 * and handed back instead of vanishing.
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempPrefix } from './atomic-file.js';
import { keepLeftoverGuards, replaceIfUnchanged } from './guarded-replace.js';

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
    // The replaced file itself is kept beside the config, not only the text read from it.
    const keptAs = outcome.kind === 'slipped' ? outcome.keptAs : undefined;
    expect(keptAs).toContain(join(dir, '.daq', 'hand-edits'));
    expect(await readFile(keptAs!, 'utf8')).toBe('a = 1\nb = "hand"\n');
    expect(await readdir(dir)).toEqual(['.daq', 'bench.toml']);
  });

  it('keeps the whole of a save still being written when the rename lands: the file, not a copy', async () => {
    const { path } = await file('a = 1\n');
    let editor = -1;
    const outcome = await replaceIfUnchanged(path, enc('a = 2\n'), enc('a = 1\n'), {
      rename: async (from, to) => {
        // The editor has opened the file for writing (emptied it) but not written yet.
        editor = openSync(to, 'w');
        await rename(from, to);
      },
    });
    writeSync(editor, 'a = 1\nb = "hand, written after the rename"\n');
    closeSync(editor);
    expect(outcome).toMatchObject({ kind: 'slipped', keptAs: expect.any(String) });
    expect(outcome.kind === 'slipped' && outcome.replaced.length).toBe(0);
    expect(await readFile((outcome as { keptAs: string }).keptAs, 'utf8')).toBe('a = 1\nb = "hand, written after the rename"\n');
  });

  it('at start-up keeps what a dead writer\'s link caught, and leaves one that holds the file as it is', async () => {
    const { dir, path } = await file('a = 2\n');
    const dead = 4_194_301; // beyond the usual pid range: no process has it
    await writeFile(join(dir, `${tempPrefix(path)}${dead}-aaaaaa-guard`), 'a = 1\nb = "hand"\n');
    await writeFile(join(dir, `${tempPrefix(path)}${dead}-bbbbbb-guard`), 'a = 2\n');
    const kept = await keepLeftoverGuards(path, Date.parse('2026-08-20T10:00:00Z'));
    expect(kept).toHaveLength(1);
    expect(await readFile(kept[0]!, 'utf8')).toBe('a = 1\nb = "hand"\n');
    expect((await readdir(dir)).filter((n) => n.endsWith('-guard'))).toEqual([`${tempPrefix(path)}${dead}-bbbbbb-guard`]);
  });
});
