/**
 * The app's folders beside a config file (`.daq/…`) are made on demand, but never the config's
 * own folder: while a person has that folder moved away (renamed, or on a drive unmounted), an
 * empty one made again at the old place would stand in the way of its return, and the app's
 * records would go into it instead of beside the real file.
 */
import { mkdir } from 'node:fs/promises';
import { sep } from 'node:path';

const APP_FOLDER = '.daq';

/** Makes `folder`, which lies inside a `.daq` folder; fails with ENOENT if the folder holding `.daq` is gone. */
export async function makeAppFolder(folder: string): Promise<void> {
  // The first `.daq` component: names below it (a config called `.daq.toml`) may repeat it.
  const at = `${folder}${sep}`.indexOf(`${sep}${APP_FOLDER}${sep}`);
  if (at < 0) {
    // Not an app folder (a caller's mistake): still never make its parent.
    await mkdir(folder).catch(ignoreExisting);
    return;
  }
  const daq = folder.slice(0, at + sep.length + APP_FOLDER.length);
  // Without `recursive`, so the config's folder must exist: the one step that could recreate it.
  await mkdir(daq).catch(ignoreExisting);
  if (folder !== daq) await mkdir(folder, { recursive: true });
}

function ignoreExisting(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}
