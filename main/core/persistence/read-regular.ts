/**
 * Reading a file the writer is about to replace, refusing anything that is not a regular file:
 * a plain read blocks forever on a named pipe put where the config was, which would stall the
 * whole actor. Opened without blocking and checked on the handle, so a swap after a `stat`
 * cannot slip a pipe in.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.js';
import { fileErrorReason } from './atomic-file.js';

export async function readRegularFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * The config file's bytes for a step that needs them before it changes anything (a snapshot, a
 * commit): a file deleted or moved away meanwhile is a clear UNAVAILABLE saying what was not
 * done, not an internal error.
 */
export async function readConfigBytes(path: string, notDone: string): Promise<Buffer> {
  try {
    return await readRegularFile(path);
  } catch (err) {
    throw new AppError('UNAVAILABLE', `${notDone}: cannot read ${path}: ${fileErrorReason(path, err)}`, { errno: (err as NodeJS.ErrnoException).code });
  }
}
