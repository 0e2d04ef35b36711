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
  // One level at a time, never `recursive`: the config's folder may be moved away at any moment,
  // also between two of these steps, and a recursive make would then make it again.
  let path = daq;
  await mkdir(path).catch(ignoreExisting);
  for (const name of folder.slice(daq.length).split(sep).filter(Boolean)) {
    path = `${path}${sep}${name}`;
    await mkdir(path).catch(ignoreExisting);
  }
}

function ignoreExisting(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}
