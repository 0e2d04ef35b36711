/**
 * Real processes for tests of what two programs do to one folder at the same time: an entry is
 * bundled once to plain JS inside the repository (so its bare imports such as zod resolve from
 * node_modules and each child starts in tens of milliseconds), then scripts run on it as
 * children that say `ready`, wait for a start signal and print one JSON line of results.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../../../..');

/** Bundles `entry` (a path from the repository root) into `node_modules/.cache/<cacheName>/`, with `script` beside it; answers the script's path. */
export async function bundleChildScript(entry: string, cacheName: string, script: string): Promise<string> {
  const dir = join(root, 'node_modules', '.cache', cacheName);
  await mkdir(dir, { recursive: true });
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: join(dir, `${basename(entry, '.ts')}.mjs`),
    logLevel: 'silent',
  });
  const scriptPath = join(dir, 'child.mjs');
  await writeFile(scriptPath, script);
  return scriptPath;
}

export interface Child {
  /** Settles once the child has printed `ready` (it is loaded and waits for {@link start}). */
  readonly ready: Promise<void>;
  /** Lets the child begin: one line on its stdin. */
  start(): void;
  /** The JSON the child printed last, once it has exited with 0. */
  readonly result: Promise<unknown>;
}

export function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A child that died early closes its stdin; the start signal then fails, and its exit says why.
  child.stdin.on('error', () => undefined);
  // 'close', not 'exit': only then has all of the child's output been read.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  const ready = new Promise<void>((done, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.startsWith('ready\n')) done();
    });
    void exited.then(() => reject(new Error(`the child exited before it was ready: ${stderr}`)));
  });
  const result = exited.then((code) => {
    if (code !== 0) throw new Error(`the child exited with ${code}: ${stderr}`);
    const last = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as unknown;
  });
  // Whichever of the two a test awaits, the other must not report an unhandled rejection.
  ready.catch(() => undefined);
  result.catch(() => undefined);
  return { ready, start: () => child.stdin.end('go\n'), result };
}
