/**
 * Names of config versions. A version is one file of exact bytes in
 * `.daq/config_versions/<config file name>/`, named
 * `config-{YYYYMMDD_HHMMSS}-{short hash}[-{n}][-{label}].toml`; its id is that name with the
 * config's folder in front (`bench.toml/config-20261206_114900-1a2b3c4d.toml`), so versions of
 * several configs in one folder stay apart. An id is only ever matched against this pattern and
 * looked up in the listing: nothing a caller sends becomes a path by itself.
 */
import { AppError } from '../../../shared/errors.js';

export const LABEL_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const FILE_PATTERN = /^config-(\d{8})_(\d{6})-([0-9a-f]{8})(?:-(\d{1,3}))?(?:-([A-Za-z][A-Za-z0-9_-]{0,39}))?\.toml$/;

export interface VersionName {
  readonly file: string;
  /** UTC time the snapshot was taken, to the second. */
  readonly time: string;
  readonly shortHash: string;
  /** Tells apart two snapshots of the same second and hash. */
  readonly counter: number;
  readonly label?: string;
}

/** `20261206_114900` for a time, UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * A file name for a snapshot; `n` tells two snapshots of the same second and hash apart. A label
 * starts with a letter, so it can never be mistaken for that counter.
 */
export function versionFileName(ms: number, shortHash: string, n: number, label?: string): string {
  return `config-${stamp(ms)}-${shortHash}${n > 0 ? `-${n}` : ''}${label ? `-${label}` : ''}.toml`;
}

const UNLABELED_PATTERN = /^config-\d{8}_\d{6}-[0-9a-f]{8}(?:-\d{1,3})?\.toml$/;

/** Whether a version file name carries no label (a plain test: it runs over every version on each snapshot). */
export function isUnlabeledFile(file: string): boolean {
  return UNLABELED_PATTERN.test(file);
}

export function parseVersionFile(file: string): VersionName | undefined {
  const m = FILE_PATTERN.exec(file);
  if (!m) return undefined;
  const [, day, time, hash, counter, label] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`;
  return { file, time: iso, shortHash: hash, counter: Number(counter ?? 0), ...(label ? { label } : {}) };
}

/** A label people can read in a file name: letters, digits, `_` and `-`, starting with a letter. */
export function checkLabel(label: string): string {
  if (!LABEL_PATTERN.test(label) || !/^[A-Za-z]/.test(label)) {
    throw new AppError('VALIDATION', `a version label is 1-40 characters of A-Z, a-z, 0-9, _ or -, starting with a letter (got ${JSON.stringify(label.slice(0, 60))})`);
  }
  return label;
}

/**
 * The file name an id names, if it is one of this config's versions by its form: the config's
 * folder, one slash, a version file name. `../`, absolute paths, NUL and anything else are
 * refused before any file is touched.
 */
export function fileOfVersionId(id: string, configFolder: string): string {
  const slash = id.indexOf('/');
  const folder = id.slice(0, slash);
  const file = id.slice(slash + 1);
  if (slash <= 0 || folder !== configFolder || !parseVersionFile(file)) {
    throw new AppError('NOT_FOUND', `no version "${id.slice(0, 200)}" (a version id looks like ${configFolder}/config-20261206_114900-1a2b3c4d.toml; ListConfigVersions names them)`);
  }
  return file;
}
