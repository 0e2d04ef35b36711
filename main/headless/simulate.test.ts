/**
 * `daq simulate` as a user runs it: a child process that prints the port path first, serves
 * the simulator there over a socat pty pair, takes fault commands on stdin, and leaves nothing
 * behind when stopped.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNodeSerialPort } from '../core/serial/index.js';

const root = resolve(import.meta.dirname, '../..');
const daq = join(root, 'bin/daq.mjs');

let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;
afterEach(async () => {
  // SIGTERM lets the simulator stop its socat; SIGKILL only if it does not exit.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child!.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Sends `command` to the port at `path` and returns the first reply line. */
async function ask(path: string, command: string): Promise<string> {
  const port = await openNodeSerialPort({ path, baudRate: 9600 });
  try {
    const got: string[] = [];
    port.onData((b) => got.push(b.toString('latin1')));
    await port.write(Buffer.from(command));
    await vi.waitFor(() => expect(got.join('')).toMatch(/\n/));
    return got.join('').split('\n')[0]!;
  } finally {
    await port.close();
  }
}

describe('daq simulate', () => {
  it('prints the link path first, serves the 1830-C there, injects faults from stdin, unplugs, replugs and cleans up', async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-simulate-'));
    const link = join(dir, 'ttyPM');
    child = spawn(process.execPath, [daq, 'simulate', 'newport_1830c', '--link', link, '--verbose'], { cwd: root });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2), { timeout: 15_000 });
    expect(lines[0]).toBe(link);

    expect(await ask(link, 'W?\n')).toBe('0800');
    child.stdin.write('garbage 1\n');
    await vi.waitFor(() => expect(lines).toContain('garbage for the next 1 replies'));
    expect(await ask(link, 'W?\n')).toBe('\xfe?\x8a!~\x00\xd5');
    expect(await ask(link, 'W?\n')).toBe('0800');
    await vi.waitFor(() => expect(lines.filter((l) => l === 'received "W?\\n"')).toHaveLength(3));

    child.stdin.write('unplug\n');
    await vi.waitFor(() => expect(lines).toContain(`unplugged: ${link} is gone`));
    await expect(access(link)).rejects.toThrow();
    child.stdin.write('replug\n');
    await vi.waitFor(() => expect(lines).toContain(`plugged back in at ${link}`));
    expect(await ask(link, 'D?\n')).toMatch(/^\d\.\d{3}E-[34]$/);

    // Lines piped together run one after the other: the replug is not lost to the unplug.
    const before = lines.length;
    child.stdin.write('unplug\nreplug\n'.repeat(3));
    const cycle = [`unplugged: ${link} is gone`, `plugged back in at ${link}`];
    await vi.waitFor(() => expect(lines.slice(before)).toEqual([...cycle, ...cycle, ...cycle]));
    expect(await ask(link, 'D?\n')).toMatch(/^\d\.\d{3}E-[34]$/);

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(access(link)).rejects.toThrow();
  }, 30_000);

  it('refuses an unknown type with the usage', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((done) =>
      execFile(process.execPath, [daq, 'simulate', 'keithley'], { cwd: root }, (err, _out, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr })),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: daq simulate <newport_1830c|esp300|maitai|elliptec>');
  }, 30_000);
});
