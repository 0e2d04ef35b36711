/**
 * Where the text of a hand edit goes when the file could not take it: `.daq/hand-edits/`
 * beside the config, one file per save, so a person's work is never just gone.
 */
import { randomBytes } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { makeAppFolder } from './app-folders.js';

/** The folder that keeps hand edits of `configPath`. */
export function handEditsFolder(configPath: string): string {
  return join(dirname(configPath), '.daq', 'hand-edits');
}

/** A new path in the folder: `<config name>-<UTC time>-<random>.toml` (the folder is made). */
async function keptPath(configPath: string, now: number): Promise<string> {
  const folder = handEditsFolder(configPath);
  await makeAppFolder(folder);
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return join(folder, `${basename(configPath).replace(/\.toml$/i, '')}-${stamp}-${randomBytes(3).toString('hex')}.toml`);
}

/** Writes `text` durably into the folder; answers its path. */
export async function keepHandEdit(configPath: string, text: Uint8Array, now: number): Promise<string> {
  const path = await keptPath(configPath, now);
  await writeFileAtomic(path, text);
  return path;
}

/**
 * Moves `link`, a hard link to a file another program may still be writing, into the folder:
 * the file itself is kept, so what the program writes after this moment is kept too (a copy of
 * its text would stop at whatever had arrived). Answers the new path.
 */
export async function keepHandEditFile(configPath: string, link: string, now: number): Promise<string> {
  const path = await keptPath(configPath, now);
  await rename(link, path);
  return path;
}
