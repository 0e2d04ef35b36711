/**
 * Finding other programs that have a serial port open: against a made-up `/proc` for the rules,
 * and for real, a child process holding one end of a socat pseudo-terminal pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { otherPortHolders } from './port-holders.js';
import { createPtyPair, type PtyPair } from './sim/pty-pair.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-holders-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A `/proc` with processes whose descriptors point where given. */
async function fakeProc(processes: Record<string, { comm: string; fds: string[] }>): Promise<string> {
  const root = await tempDir();
  for (const [pid, p] of Object.entries(processes)) {
    await mkdir(join(root, pid, 'fd'), { recursive: true });
    await writeFile(join(root, pid, 'comm'), `${p.comm}\n`);
    for (const [i, target] of p.fds.entries()) await symlink(target, join(root, pid, 'fd', String(i)));
  }
  await mkdir(join(root, 'self'));
  return root;
}

describe('otherPortHolders on a made-up /proc', () => {
  it('names the other processes that have the device open, not this one', async () => {
    // The device must exist to be resolved; /dev/null stands in for a serial device here.
    const proc = await fakeProc({
      '10': { comm: 'minicom', fds: ['/dev/null', '/dev/pts/9'] },
      '11': { comm: 'bash', fds: ['/dev/tty1'] },
      '12': { comm: 'daq', fds: ['/dev/null'] },
    });
    expect(await otherPortHolders('/dev/null', { procRoot: proc, selfPid: 12, platform: 'linux' })).toEqual([{ pid: 10, command: 'minicom' }]);
  });

  it('answers "cannot tell" off Linux or without /proc, and nobody for a port that is not there', async () => {
    expect(await otherPortHolders('/dev/null', { platform: 'darwin' })).toBeUndefined();
    expect(await otherPortHolders('/dev/null', { procRoot: '/nonexistent-proc', platform: 'linux' })).toBeUndefined();
    expect(await otherPortHolders('/dev/ttyNOPE0', { platform: 'linux' })).toEqual([]);
  });
});

describe.skipIf(process.platform !== 'linux')('otherPortHolders on a real pseudo-terminal', () => {
  async function pair(): Promise<PtyPair> {
    const dir = await tempDir();
    const p = await createPtyPair(join(dir, 'ttyV0'));
    cleanups.push(() => p.close());
    return p;
  }

  async function holdOpen(path: string): Promise<ChildProcess> {
    const child = spawn('sh', ['-c', 'exec 3<>"$1"; exec sleep 30', 'sh', path], { stdio: 'ignore' });
    cleanups.push(async () => {
      child.kill('SIGKILL');
    });
    // Held once descriptor 3 points at the device and the shell has become `sleep`: the shell
    // opens the descriptor a moment before it execs, and in between it is still called `sh`.
    await vi.waitFor(
      async () => {
        await readlink(`/proc/${child.pid}/fd/3`);
        expect((await readFile(`/proc/${child.pid}/comm`, 'utf8')).trim()).toBe('sleep');
      },
      { timeout: 5000, interval: 20 },
    );
    return child;
  }

  it('does not count socat, which made the pseudo-terminal, but finds a program that opened it', async () => {
    const p = await pair();
    expect(existsSync(p.link)).toBe(true);
    expect(await otherPortHolders(p.link)).toEqual([]);
    const child = await holdOpen(p.link);
    expect(await otherPortHolders(p.link)).toEqual([{ pid: child.pid, command: 'sleep' }]);
  });
});
