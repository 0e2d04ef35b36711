/**
 * Files that used to crash or hang the loader: text the parser cannot survive (deep nesting,
 * huge strings), paths that are not regular files (a named pipe blocks a plain read forever),
 * huge files and bytes that are not UTF-8. Each is an ordinary located issue.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../shared/errors.js';
import { MAX_CONFIG_BYTES } from './config-file.js';
import { loadConfigFile, loadConfigText } from './index.js';
import { MAX_TOML_NESTING, MAX_TOML_TOKEN_LENGTH } from '../toml-edit/index.js';

const BASE = ['log_level = "info"', '[application]', '[storage]', 'default_path = "data"'];
const doc = (...lines: string[]): string => [...BASE, ...lines].join('\n') + '\n';

function only(issues: readonly ConfigIssue[]): [number, number, string] {
  expect(issues.length, JSON.stringify(issues)).toBe(1);
  const [i] = issues as [ConfigIssue];
  expect(i.severity).toBe('error');
  return [i.line, i.column, i.message];
}

function refused(text: string): [number, number, string] {
  const r = loadConfigText(text, 'lab.toml');
  if (r.ok) throw new Error('the text loaded; expected a located issue');
  return only(r.issues);
}

describe('text the parser cannot survive', () => {
  it('a 10,000-deep array is refused where the nesting passes the limit', () => {
    const [line, column, message] = refused(doc(`x = ${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    expect([line, column]).toEqual([5, 5 + MAX_TOML_NESTING]);
    expect(message).toContain(`nested more than ${MAX_TOML_NESTING} levels deep`);
  });

  it('deep inline tables are refused the same way', () => {
    const [line, column, message] = refused(doc(`x = ${'{ a = '.repeat(5_000)}1${' }'.repeat(5_000)}`));
    expect(line).toBe(5);
    expect(column).toBeGreaterThan(4);
    expect(message).toContain(`nested more than ${MAX_TOML_NESTING} levels deep`);
  });

  it('a nesting just inside the limit still parses (then fails the schema, as an unknown key)', () => {
    const depth = MAX_TOML_NESTING;
    const r = loadConfigText(doc(`x = ${'['.repeat(depth)}${']'.repeat(depth)}`), 'lab.toml');
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['storage.x']);
  });

  it.each([
    ['basic', (s: string) => `"${s}"`],
    ['literal', (s: string) => `'${s}'`],
    ['multi-line basic', (s: string) => `"""\n${s}"""`],
    ['multi-line literal', (s: string) => `'''${s}'''`],
  ])('a 200 KB %s string never crashes the loader: it loads, or is refused at its opening quote', (_kind, quote) => {
    const text = doc().replace('"data"', quote('x'.repeat(200_000)));
    const r = loadConfigText(text, 'lab.toml');
    if (r.ok) expect(r.config.storage.default_path).toMatch(/^x{200000}$/);
    else expect(only(r.issues).slice(0, 2)).toEqual([4, 16]);
  });

  it('a 200,000-digit number or bare key is refused where it starts', () => {
    const [line, column, message] = refused(doc(`n = 1${'0'.repeat(200_000)}`));
    expect([line, column]).toEqual([5, 5]);
    expect(message).toContain(`longer than ${MAX_TOML_TOKEN_LENGTH} characters`);
    expect(refused(doc(`k${'k'.repeat(200_000)} = 1`)).slice(0, 2)).toEqual([5, 1]);
  });

  it('a number just inside the limit parses (and fails the schema as a number, not a crash)', () => {
    const r = loadConfigText(doc().replace('"data"', `0.${'0'.repeat(MAX_TOML_TOKEN_LENGTH - 3)}1`), 'lab.toml');
    expect(r.ok ? [] : r.issues.map((i) => [i.line, i.path])).toEqual([[4, 'storage.default_path']]);
  });

  it('keys nested deeper than the limit (dotted keys, headers) are refused at the key', () => {
    const dotted = refused(doc(`x${'.x'.repeat(5_000)} = 1`));
    expect(dotted.slice(0, 2)).toEqual([5, 1 + 2 * (MAX_TOML_NESTING - 1)]);
    expect(dotted[2]).toContain(`nested more than ${MAX_TOML_NESTING} levels deep`);
    expect(refused(doc(`[x${'.x'.repeat(5_000)}]`))[0]).toBe(5);
  });

  it('brackets inside strings and comments do not count as nesting', () => {
    const r = loadConfigText(
      doc(
        `# ${'['.repeat(500)}`,
        `name = "${'{'.repeat(500)}"`,
        `other = '''${'['.repeat(500)}'''`,
        // An escaped quote does not end a string; up to two quotes may precede a closing """.
        `escaped = "\\"${'['.repeat(500)}"`,
        `closing = """x${'['.repeat(500)}""""`,
      ),
      'lab.toml',
    );
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['storage.name', 'storage.other', 'storage.escaped', 'storage.closing']);
  });
});

describe('paths that are not regular files', () => {
  let dir: string;
  let server: Server | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-file-safety-'));
  });
  afterAll(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await rm(dir, { recursive: true, force: true });
  });

  const refusedFile = async (path: string): Promise<[number, number, string]> => {
    const r = await loadConfigFile(path);
    if (r.ok) throw new Error('loaded');
    return only(r.issues);
  };

  it.skipIf(process.platform === 'win32')('a named pipe is refused at 1:1 without opening it (a read would block)', async () => {
    const fifo = join(dir, 'pipe.toml');
    execFileSync('mkfifo', [fifo]);
    expect(await refusedFile(fifo)).toEqual([1, 1, 'the config path is a named pipe (FIFO), not a regular file']);
  });

  it('a folder, a device and a socket are refused at 1:1 saying what they are', async () => {
    expect(await refusedFile(dir)).toEqual([1, 1, 'the config path is a directory, not a regular file']);
    if (process.platform === 'win32') return;
    expect(await refusedFile('/dev/null')).toEqual([1, 1, 'the config path is a character device, not a regular file']);
    const sock = join(dir, 'daq.sock');
    server = createServer();
    await new Promise<void>((done) => server?.listen(sock, done));
    expect(await refusedFile(sock)).toEqual([1, 1, 'the config path is a socket, not a regular file']);
  });

  it('a file over the size limit is refused before it is read', async () => {
    const big = join(dir, 'big.toml');
    await writeFile(big, '');
    await truncate(big, MAX_CONFIG_BYTES + 1);
    expect(await refusedFile(big)).toEqual([1, 1, `the config file is too large (${MAX_CONFIG_BYTES + 1} bytes; the limit is 10 MiB)`]);
  });
});

describe('bytes that are not UTF-8', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-utf8-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are refused at load with the line and column of the first bad byte', async () => {
    const file = join(dir, 'latin1.toml');
    // "Müller" saved as Latin-1: the ü is the single byte 0xFC.
    await writeFile(file, Buffer.concat([Buffer.from(`${BASE.slice(0, 3).join('\n')}\ndefault_path = "data/M`), Buffer.from([0xfc]), Buffer.from('ller"\n')]));
    const r = await loadConfigFile(file);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues).toEqual([
      { file, line: 4, column: 23, path: '', message: 'the file is not valid UTF-8 (bad byte 0xFC); save it as UTF-8', severity: 'error' },
    ]);
  });

  it('count columns in characters and skip a byte order mark', async () => {
    const file = join(dir, 'bom.toml');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name = "é'), Buffer.from([0xc3]), Buffer.from('"\n')]));
    const r = await loadConfigFile(file);
    expect(r.ok ? [] : r.issues.map((i) => [i.line, i.column])).toEqual([[1, 10]]);
  });

  it('a valid file with a byte order mark still loads, and its text keeps the mark', async () => {
    const file = join(dir, 'ok-bom.toml');
    await writeFile(file, `\uFEFF${doc()}`);
    const r = await loadConfigFile(file);
    expect(r.ok).toBe(true);
    expect(r.text).toBe(`\uFEFF${doc()}`);
  });
});
