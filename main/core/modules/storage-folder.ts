/**
 * The folder runs are recorded in is made when missing, but never its parent. With `mkdir -p`
 * a config folder a person has moved away (or a data drive not mounted) would be made again,
 * empty, at the old place, and the run would be recorded where nobody looks for it.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function makeStorageFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'ENOENT') throw new Error(`the folder it goes in, ${dirname(folder)}, does not exist (moved, renamed or a drive not mounted); the app does not make it`);
    throw err;
  }
}
