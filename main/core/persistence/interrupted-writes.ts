/**
 * Start-up after a crash: what interrupted writes of a config file left beside it. A guard link
 * may hold a save made at the moment of the crash (kept in `.daq/hand-edits/`, see
 * guarded-replace.ts); temp files of dead writers are removed, beside the file and in the app's
 * own folders there (last-seen record, kept hand edits). Versions and change sets clean their
 * own folders.
 */
import { dirname, join, relative } from 'node:path';
import { cleanLeftoverTemps, cleanLeftoverTempsIn } from './atomic-file.js';
import { keepLeftoverGuards } from './guarded-replace.js';
import { handEditsFolder } from './kept-hand-edits.js';

/** Answers the temp files removed (relative to the config's folder) and where saves were kept. */
export async function cleanUpInterruptedWrites(configPath: string, now: number): Promise<{ removed: string[]; kept: string[] }> {
  const kept = await keepLeftoverGuards(configPath, now);
  const home = dirname(configPath);
  const own = await Promise.all(
    [join(home, '.daq'), handEditsFolder(configPath)].map(async (folder) => (await cleanLeftoverTempsIn(folder)).map((name) => relative(home, join(folder, name)))),
  );
  return { removed: [...(await cleanLeftoverTemps(configPath)), ...own.flat()], kept };
}
