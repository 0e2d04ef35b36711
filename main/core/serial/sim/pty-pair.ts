/**
 * A connected pair of pseudo-terminals made by socat: the host side appears at `link` (the path
 * a driver opens, like a USB serial adapter's), the device side is where a simulator listens.
 * Killing socat removes both, exactly as pulling a USB adapter removes its device node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { AppError } from '../../../../shared/errors.js';

/** A running socat and its two pseudo-terminals. */
export interface PtyPair {
  /** The host side: the path an instrument's `port` names. */
  readonly link: string;
  /** The device side (`/dev/pts/N`), where the simulator is served. */
  readonly devicePath: string;
  readonly pid: number;
  /** Settles when socat has exited. */
  readonly exited: Promise<void>;
  /** Stops socat (SIGTERM, then SIGKILL after a second) and waits for it. */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Makes sure no socat outlives this process, even when a test run is cut short. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts `socat -d -d pty,raw,echo=0,link=<link> pty,raw,echo=0` and waits until both ends exist. */
export async function createPtyPair(link: string, options: { socat?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  installExitHook();
  const child = spawn(options.socat ?? 'socat', ['-d', '-d', `pty,raw,echo=0,link=${link}`, 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  try {
    const ptys = await waitForPtys(child, options.timeoutMs ?? 5000);
    await waitForPath(link, 1000);
    return { link, devicePath: ptys[1]!, pid: child.pid ?? -1, exited, close: () => stop(child, exited) };
  } catch (err) {
    await stop(child, exited);
    throw err;
  }
}

function waitForPtys(child: ChildProcess, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const ptys: string[] = [];
    let text = '';
    const timer = setTimeout(() => fail(`socat did not report its pseudo-terminals within ${timeoutMs} ms: ${text.trim()}`), timeoutMs);
    function fail(message: string): void {
      clearTimeout(timer);
      reject(new AppError('UNAVAILABLE', message));
    }
    child.once('error', (err) => fail(`cannot start socat (${err.message}); install it (apt-get install socat)`));
    child.once('exit', (code) => fail(`socat exited (${code}) before the pseudo-terminals were ready: ${text.trim()}`));
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const m of text.matchAll(/PTY is (\S+)/g)) if (!ptys.includes(m[1]!)) ptys.push(m[1]!);
      if (ptys.length >= 2 && /starting data transfer loop/.test(text)) {
        clearTimeout(timer);
        resolve(ptys);
      }
    });
  });
}

async function waitForPath(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await lstat(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `socat did not create ${path}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
  await exited;
  clearTimeout(timer);
}
