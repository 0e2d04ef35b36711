/**
 * Reading the config file's bytes safely, for the loader and for hot reload alike. A plain
 * `readFile` blocks forever on a named pipe, reads endlessly from a device, and turns bytes that
 * are not UTF-8 into U+FFFD that the writer then refuses to save. Here only a regular file of a
 * sane size is read, and its bytes must be UTF-8; anything else is an issue saying what it is.
 */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { ConfigIssue } from '../../../shared/errors.js';
import { TomlDecodeError, decodeTomlBytes } from '../toml-edit/index.js';

/** The largest config file read (10 MiB); a hand-written config is a few kilobytes. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** Room for the byte order mark a file may keep, which a text to be written does not show. */
const BOM_BYTES = 3;

/**
 * Why a config text is too large, over {@link MAX_CONFIG_BYTES} in UTF-8: as a text to load
 * (a file is never read beyond it, so a kept version or a restore does not load beyond it
 * either), or, `toWrite`, as a text about to become the file (room left for a byte order mark),
 * which would be refused at the next read.
 */
export function configSizeIssue(text: string, toWrite = false): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes + (toWrite ? BOM_BYTES : 0) <= MAX_CONFIG_BYTES) return undefined;
  return toWrite ? `the file would be ${bytes} bytes, over the 10 MiB a config file is read with` : `the config is ${bytes} bytes, over the 10 MiB a config file may have`;
}

export type ConfigRead = { ok: true; text: string } | { ok: false; missing: boolean; issue: ConfigIssue };

function kindOf(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

/** Why `info` cannot be read as a config file, or undefined when it can. */
function refusal(info: Stats): string | undefined {
  const kind = kindOf(info);
  if (kind) return `the config path is ${kind}, not a regular file`;
  if (info.size > MAX_CONFIG_BYTES) return `the config file is too large (${info.size} bytes; the limit is 10 MiB)`;
  return undefined;
}

function errnoMessage(err: unknown): { missing: boolean; message: string } {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { missing: true, message: 'config file not found' };
  return { missing: false, message: `cannot read config file (${code ?? String(err)})` };
}

/**
 * The file's text (with its byte order mark, if any, kept as U+FEFF, exactly as
 * `readFile(file, 'utf8')` gives it for a valid file), or the reason it cannot be used.
 */
export async function readConfigFile(file: string): Promise<ConfigRead> {
  const fail = (message: string, missing = false, line = 1, column = 1): ConfigRead => ({
    ok: false,
    missing,
    issue: { file, line, column, path: '', message, severity: 'error' },
  });
  let bytes: Uint8Array;
  try {
    // stat, not open: opening a named pipe for reading blocks until a writer appears.
    const before = refusal(await stat(file));
    if (before) return fail(before);
    let handle: FileHandle | undefined;
    try {
      // Non-blocking, then checked again on the handle itself: a pipe swapped in after the stat
      // neither blocks the open nor gets read.
      handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const after = refusal(await handle.stat());
      if (after) return fail(after);
      bytes = await handle.readFile();
    } finally {
      await handle?.close();
    }
  } catch (err) {
    const why = errnoMessage(err);
    return fail(why.message, why.missing);
  }
  // The file may have grown between the check and the read.
  if (bytes.length > MAX_CONFIG_BYTES) return fail(`the config file is too large (more than 10 MiB)`);
  try {
    const decoded = decodeTomlBytes(bytes);
    return { ok: true, text: decoded.bom ? `\uFEFF${decoded.text}` : decoded.text };
  } catch (err) {
    if (!(err instanceof TomlDecodeError)) throw err;
    const at = badByte(bytes, err.byteOffset);
    return fail(at.message, false, at.line, at.column);
  }
}

/** Line and column (in characters, after any byte order mark) of the first byte that is not UTF-8. */
function badByte(bytes: Uint8Array, offset: number): { line: number; column: number; message: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { line: 1, column: 1, message: 'the file is UTF-16, not UTF-8; save it as UTF-8' };
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Everything before the bad byte is valid UTF-8 (it is the first one); the decoder also
  // drops a byte order mark at the start of line 1, which editors do not count as a column.
  const column = decodeTomlBytes(bytes.subarray(lineStart, offset)).text.length + 1;
  const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return { line, column, message: `the file is not valid UTF-8 (bad byte 0x${hex}); save it as UTF-8` };
}
