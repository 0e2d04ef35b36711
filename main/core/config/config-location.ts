/**
 * Which config file the app runs, decided once at startup: a `--config` argument, else the file
 * last opened with File → Open (remembered in `<userData>/settings.json`), else the app folder's
 * `config/default.toml` in development or `<userData>/config.toml` when packaged (seeded from
 * the shipped default, because the install folder is read-only for a normal user).
 *
 * Plain Node, no Electron: the shell passes in what it knows about the app.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

/** What the shell knows at startup. */
export interface ConfigLocationInput {
  readonly argv: readonly string[];
  readonly isPackaged: boolean;
  readonly userDataDir: string;
  /** `config/default.toml` in the app folder (development) or the resources folder (packaged). */
  readonly shippedDefaultPath: string;
  readonly cwd: string;
}

/** Why this file was chosen. */
export type ConfigSource = 'argument' | 'remembered' | 'app-folder' | 'user-data';

/** The chosen file, why, and anything worth a log line (ignored settings, a seeded copy). */
export interface ConfigLocation {
  readonly path: string;
  readonly source: ConfigSource;
  readonly notes: readonly string[];
}

/** Name of the file, in the user data folder, that remembers the last opened config. */
export const SETTINGS_FILE = 'settings.json';
/** Name of the user's own config when packaged. */
export const USER_CONFIG_FILE = 'config.toml';

// Loose: a newer build may keep more settings in the same file; this one only reads configPath.
const settingsSchema = z.looseObject({
  configPath: z.string().min(1).refine(isAbsolute, 'must be an absolute path').optional(),
});
type Settings = z.infer<typeof settingsSchema>;

/** `<userDataDir>/settings.json`. */
export function settingsFilePath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_FILE);
}

/**
 * The value of the last `--config PATH` or `--config=PATH` in argv, resolved against cwd.
 *
 * A `--config` with no path (end of argv, or followed by another `--option`) is skipped and
 * reported, rather than swallowing the next switch as a file name.
 */
export function configArgument(argv: readonly string[], cwd: string, notes: string[] = []): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i += 1;
      }
    } else if (arg.startsWith('--config=')) {
      value = arg.slice('--config='.length);
    } else {
      continue;
    }
    if (value) found = resolve(cwd, value);
    else notes.push('ignored --config without a path');
  }
  return found;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Reads settings.json; a missing, unreadable or malformed file counts as no settings. */
async function readSettings(userDataDir: string, notes: string[]): Promise<Settings> {
  const file = settingsFilePath(userDataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`cannot read ${file}: ${String(err)}`);
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    notes.push(`ignored ${file}: not valid JSON`);
    return {};
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    notes.push(`ignored ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return {};
  }
  return parsed.data;
}

/** The remembered config, if settings.json names one that still exists. */
async function rememberedConfig(userDataDir: string, notes: string[]): Promise<string | undefined> {
  const { configPath } = await readSettings(userDataDir, notes);
  if (configPath === undefined) return undefined;
  if (await isFile(configPath)) return configPath;
  // A file on a USB stick or a moved lab folder: fall back instead of starting on nothing.
  notes.push(`remembered config ${configPath} no longer exists; using the default`);
  return undefined;
}

/** `<userData>/config.toml`, copied from the shipped default the first time. */
async function userConfig(input: ConfigLocationInput, notes: string[]): Promise<string> {
  const target = join(input.userDataDir, USER_CONFIG_FILE);
  if (await isFile(target)) return target;
  try {
    await mkdir(input.userDataDir, { recursive: true });
    // COPYFILE_EXCL: never overwrite a config the user already has, even if one appeared since the check.
    await copyFile(input.shippedDefaultPath, target, constants.COPYFILE_EXCL);
    notes.push(`created ${target} from ${input.shippedDefaultPath}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      // The core then reports the missing file in the GUI, which is where the user can act on it.
      notes.push(`cannot create ${target} from ${input.shippedDefaultPath}: ${String(err)}`);
    }
  }
  return target;
}

/**
 * Decides which config file to run (see the module comment for the order).
 *
 * Never throws for a bad settings file or a vanished remembered path: those are noted and
 * skipped. A `--config` path is returned even if it does not exist, because the user asked for
 * it; the core then shows "config file not found".
 */
export async function resolveConfigPath(input: ConfigLocationInput): Promise<ConfigLocation> {
  const notes: string[] = [];
  const argument = configArgument(input.argv, input.cwd, notes);
  if (argument !== undefined) return { path: argument, source: 'argument', notes };
  const remembered = await rememberedConfig(input.userDataDir, notes);
  if (remembered !== undefined) return { path: remembered, source: 'remembered', notes };
  if (!input.isPackaged) return { path: resolve(input.shippedDefaultPath), source: 'app-folder', notes };
  return { path: await userConfig(input, notes), source: 'user-data', notes };
}

/**
 * Remembers `configPath` (made absolute) in settings.json for the next start, keeping any
 * other settings. Written to a temp file and renamed so a crash never leaves half a file.
 */
export async function rememberConfigPath(userDataDir: string, configPath: string): Promise<void> {
  const file = settingsFilePath(userDataDir);
  const settings = await readSettings(userDataDir, []);
  const next: Settings = { ...settings, configPath: resolve(configPath) };
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
