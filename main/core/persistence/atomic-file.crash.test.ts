/**
 * Crash safety, for real: a child process rewrites the config file in a loop and is killed
 * with SIGKILL at a random moment, again and again. After every kill the file must be the
 * complete old or the complete new version, and start-up cleanup must remove any temp file.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanLeftoverTemps } from './atomic-file.js';

const kills = Number(process.env['CRASH_KILLS'] ?? 200);
let dir: string;
let childScript: string;

const writerLoop = `
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.mjs';
const [target, a, b] = process.argv.slice(2);
const versions = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
process.stdout.write('ready\\n');
for (let i = 0; ; i += 1) await writeFileAtomic(target, versions[i % 2]);
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-crash-'));
  // Bundled to plain JS so each of the hundreds of children starts in tens of milliseconds.
  await build({
    entryPoints: [join(import.meta.dirname, 'atomic-file.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'atomic-file.mjs'),
    logLevel: 'silent',
  });
  childScript = join(dir, 'writer.mjs');
  await writeFile(childScript, writerLoop);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

function runAndKill(args: string[], delayMs: number): Promise<void> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [childScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? done() : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

describe('atomic replacement under SIGKILL', () => {
  it(`keeps the file complete across ${kills} kills at random points`, async () => {
    const target = join(dir, 'config.toml');
    // Large versions make each write take a few milliseconds, so kills land inside writes.
    const versionA = `# version A\n${'a_key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"\n'.repeat(20_000)}`;
    const versionB = `# version B\n${'b_key = 12345678901234567890.5\n'.repeat(20_000)}`;
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    await writeFile(a, versionA);
    await writeFile(b, versionB);
    await writeFile(target, versionA);
    let sawB = 0;
    let leftovers = 0;
    for (let i = 0; i < kills; i += 1) {
      await runAndKill([target, a, b], Math.floor(Math.random() * 25));
      const text = await readFile(target, 'utf8');
      const intact = text === versionA || text === versionB;
      if (!intact) throw new Error(`kill ${i}: the file is neither version (length ${text.length})`);
      if (text === versionB) sawB += 1;
      leftovers += (await cleanLeftoverTemps(target)).length;
      expect(await readdir(dir)).not.toContainEqual(expect.stringContaining('.daq-tmp-'));
    }
    console.log(`crash test: ${kills} kills, file intact every time (${sawB} ended on the new version, ${leftovers} temp files cleaned)`);
    // Kills must have landed on both sides of a rename, or the test proved nothing.
    expect(sawB).toBeGreaterThan(0);
    expect(sawB).toBeLessThan(kills);
    expect(leftovers).toBeGreaterThan(0);
  }, 180_000);
});
