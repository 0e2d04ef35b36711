/**
 * Access to the toml-test conformance data (a pinned copy in `test-data/toml-test`): the
 * per-version file lists and the raw bytes of each case.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The two TOML versions the suite has lists for. */
export type SuiteVersion = '1.0.0' | '1.1.0';

/** One case of the suite. */
export interface SuiteCase {
  /** Path relative to the suite folder, e.g. `valid/string/escapes.toml`. */
  readonly name: string;
  readonly bytes: Buffer;
  /** Parsed `.json` sibling for valid cases. */
  readonly expected?: unknown;
}

/** The cases of one version, split as the list names them. */
export interface SuiteCases {
  readonly valid: SuiteCase[];
  readonly invalid: SuiteCase[];
}

/** Where the suite lives: `TOML_TEST_DIR`, else the pinned copy in `test-data/toml-test`. */
export function suiteDirectory(): string {
  const fromEnv = process.env['TOML_TEST_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return resolve(import.meta.dirname, '../../../test-data/toml-test');
}

/** Throws a message that says what is missing and how to point the tests elsewhere. */
export function assertSuitePresent(dir: string): void {
  const missing = ['files-toml-1.0.0', 'files-toml-1.1.0', 'valid', 'invalid'].filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new Error(
      `toml-test conformance data not found in ${dir} (missing: ${missing.join(', ')}). ` +
        'Copy the toml-test data there or set TOML_TEST_DIR to its folder.',
    );
  }
}

/** Reads the cases listed in `files-toml-<version>`; generator sources (`*.multi`) are in no list. */
export function readSuite(dir: string, version: SuiteVersion): SuiteCases {
  const list = readFileSync(join(dir, `files-toml-${version}`), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.endsWith('.toml'));
  const valid: SuiteCase[] = [];
  const invalid: SuiteCase[] = [];
  for (const name of list) {
    const bytes = readFileSync(join(dir, name));
    if (name.startsWith('valid/')) {
      const expected: unknown = JSON.parse(readFileSync(join(dir, name.replace(/\.toml$/, '.json')), 'utf8'));
      valid.push({ name, bytes, expected });
    } else if (name.startsWith('invalid/')) {
      invalid.push({ name, bytes });
    }
  }
  return { valid, invalid };
}
