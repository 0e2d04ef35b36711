/**
 * The config text the app last saw (loaded, reloaded or wrote), kept in `.daq/` beside the
 * config file, so that at start-up an edit made while the app was closed is shown as an
 * incoming change instead of passing unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../persistence/atomic-file.js';
import { makeAppFolder } from '../persistence/app-folders.js';

export class LastSeenStore {
  readonly path: string;

  constructor(configPath: string) {
    this.path = join(dirname(configPath), '.daq', `${basename(configPath)}.last-seen`);
  }

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Remembers `text`; answers an error message instead of throwing (it is a convenience). */
  async write(text: string): Promise<string | undefined> {
    try {
      await makeAppFolder(dirname(this.path));
      await writeFileAtomic(this.path, text);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}
