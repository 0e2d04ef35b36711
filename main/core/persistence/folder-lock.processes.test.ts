/**
 * The folder lock across real processes: three processes take the lock over and over, and
 * every holder leaves its lock file behind as a crash would (its content replaced by that of a
 * dead holder), so every next holding begins with waiters racing to take over a stale lock.
 * No two may ever hold it at once: each holding checks a marker no other holding may see.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;

const holder = (lockModule: string): string => `
import { existsSync, writeFileSync, unlinkSync } from 'node:fs';
import { FolderLock } from ${JSON.stringify(lockModule)};
const [lockPath, marker, rounds] = process.argv.slice(2);
let overlaps = 0;
for (let i = 0; i < Number(rounds); i += 1) {
  await new FolderLock(lockPath, { waitMs: 20000 }).hold(async () => {
    if (existsSync(marker)) overlaps += 1;
    writeFileSync(marker, String(process.pid));
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    unlinkSync(marker);
    // Left behind as by a holder killed here: a dead pid's lock.
    writeFileSync(lockPath, '2147483646 left-by-a-crash');
  });
}
process.stdout.write(String(overlaps));
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-lock-processes-'));
  await mkdir(join(dir, 'bench', '.daq'), { recursive: true });
  await writeFile(join(dir, 'holder.mts'), holder(join(root, 'main/core/persistence/folder-lock.ts')));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(rounds: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'holder.mts'), join(dir, 'bench', '.daq', 'records.lock'), join(dir, 'marker'), String(rounds)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? done(Number(out)) : fail(new Error(`holder exited ${code}: ${err}`))));
  });
}

it('is never held by two processes at once, however often its holders leave it stale', async () => {
  const overlaps = await Promise.all([run(60), run(60), run(60)]);
  expect(overlaps).toEqual([0, 0, 0]);
}, 120_000);
