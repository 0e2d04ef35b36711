/**
 * The broken-config corpus: files that once crashed, hung or were misread (committed in
 * main/core/config/fixtures/broken, or generated here because they are large), paths that are
 * not regular files, and every invalid case of the toml-test suite. Test-only.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { ConfigIssue } from '../../../shared/errors.js';
import { MAX_CONFIG_BYTES } from '../../core/config/config-file.js';
import { readSuite, suiteDirectory } from '../../core/toml-edit/conformance-suite.js';

export const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'main/core/config/fixtures/broken');

export type EntryKind = 'file' | 'fifo' | 'directory' | 'socket' | 'device' | 'too-large';

export interface Entry {
  /** A file name for the corpus folder. */
  readonly name: string;
  readonly group: 'fixture' | 'generated' | 'special' | 'toml-test';
  readonly kind: EntryKind;
  readonly bytes?: Uint8Array;
}

/** Text the parser used to overflow its stack on (too large to commit). */
const generated: [string, string][] = [
  ['deep-array.toml', `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
  ['deep-array-unclosed.toml', `x = ${'['.repeat(10_000)}\n`],
  ['deep-inline-table.toml', `x = ${'{ a = '.repeat(5_000)}1${' }'.repeat(5_000)}\n`],
  ['string-200kb.toml', `x = "${'s'.repeat(200_000)}"\n`],
  ['literal-string-200kb.toml', `x = '''${'s'.repeat(200_000)}'''\n`],
  ['number-200k-digits.toml', `x = 1${'0'.repeat(200_000)}\n`],
  ['dotted-key-5000.toml', `x${'.x'.repeat(5_000)} = 1\n`],
  ['header-5000.toml', `[x${'.x'.repeat(5_000)}]\n`],
];

const special: EntryKind[] = process.platform === 'win32' ? ['directory', 'too-large'] : ['fifo', 'directory', 'socket', 'device', 'too-large'];

/** Every entry, in a stable order. */
export function buildCorpus(): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(fixtures).filter((n) => n.endsWith('.toml')).sort()) {
    out.push({ name: `fixture-${name}`, group: 'fixture', kind: 'file', bytes: readFileSync(join(fixtures, name)) });
  }
  for (const [name, text] of generated) out.push({ name: `generated-${name}`, group: 'generated', kind: 'file', bytes: Buffer.from(text) });
  for (const kind of special) out.push({ name: `special-${kind}.toml`, group: 'special', kind });
  // Both versions' invalid lists: a case invalid only in TOML 1.0 parses as 1.1 and is then an
  // invalid config (no log_level), which must be reported just the same.
  const dir = suiteDirectory();
  const seen = new Set<string>();
  for (const version of ['1.0.0', '1.1.0'] as const) {
    for (const c of readSuite(dir, version).invalid) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      out.push({ name: `toml-test-${c.name.replace(/\//g, '__')}`, group: 'toml-test', kind: 'file', bytes: c.bytes });
    }
  }
  return out;
}

const servers: Server[] = [];

/** Puts `entry` at `path` (nothing may be there). */
export async function materialise(entry: Entry, path: string): Promise<void> {
  switch (entry.kind) {
    case 'file':
      return writeFile(path, entry.bytes ?? new Uint8Array());
    case 'fifo':
      execFileSync('mkfifo', [path]);
      return;
    case 'directory':
      return mkdir(path);
    case 'device':
      return symlink(process.platform === 'win32' ? 'NUL' : '/dev/null', path);
    case 'too-large':
      await writeFile(path, '');
      return truncate(path, MAX_CONFIG_BYTES + 1);
    case 'socket': {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((done) => server.listen(path, done));
      return;
    }
  }
}

/** Removes whatever is at `path`. */
export async function clear(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

export async function closeServers(): Promise<void> {
  for (const server of servers.splice(0)) await new Promise<void>((done) => server.close(() => done()));
}

/** Why `issues` do not locate the problem in `file` (at least one error, every one at a line and column), or undefined. */
export function unlocated(issues: readonly ConfigIssue[], file: string): string | undefined {
  if (!issues.some((i) => i.severity === 'error')) return 'no error reported';
  const bad = issues.find((i) => i.file !== file || !Number.isInteger(i.line) || i.line < 1 || !Number.isInteger(i.column) || i.column < 1);
  return bad ? `issue without a position: ${JSON.stringify(bad)}` : undefined;
}

/** `file:line:col: message` lines as `daq validate` prints them; undefined when all are so. */
export function unlocatedLines(lines: readonly string[], file: string): string | undefined {
  if (lines.length === 0) return 'nothing printed';
  const prefix = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[1-9]\\d*:[1-9]\\d*: \\S`);
  const bad = lines.find((l) => !prefix.test(l));
  return bad === undefined ? undefined : `unlocated line: ${bad.slice(0, 200)}`;
}

/** Counts per group, for the summary line. */
export function counts(entries: readonly Entry[]): string {
  const by = (g: Entry['group']) => entries.filter((e) => e.group === g).length;
  return `${entries.length} files (${by('fixture')} fixtures, ${by('generated')} generated, ${by('special')} special paths, ${by('toml-test')} toml-test invalid cases)`;
}

export function expectNone(problems: readonly string[]): void {
  expect(problems.slice(0, 20), `${problems.length} problem(s)`).toEqual([]);
}
