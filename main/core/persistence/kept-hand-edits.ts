/**
 * Where the text of a hand edit goes when the file could not take it: `.daq/hand-edits/`
 * beside the config, one file per save, so a person's work is never just gone.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

/** The folder that keeps hand edits of `configPath`. */
export function handEditsFolder(configPath: string): string {
  return join(dirname(configPath), '.daq', 'hand-edits');
}

/** Writes `text` durably as `<config name>-<UTC time>-<random>.toml`; answers its path. */
export async function keepHandEdit(configPath: string, text: Uint8Array, now: number): Promise<string> {
  const folder = handEditsFolder(configPath);
  await mkdir(folder, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const name = `${basename(configPath).replace(/\.toml$/i, '')}-${stamp}-${randomBytes(3).toString('hex')}.toml`;
  const path = join(folder, name);
  await writeFileAtomic(path, text);
  return path;
}
