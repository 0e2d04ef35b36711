/**
 * Which other processes have a serial device open. Inside the app one owner per port is
 * enforced (port-ownership.ts), and the OS lock makes a second open fail only if the other
 * program took the lock too; a terminal program or a script that opened the port without it
 * would silently share the line, each reading half of the replies. So when a port is opened, and
 * before a change set claims one, the open file tables are looked at where the OS shows them
 * (Linux: `/proc/<pid>/fd`).
 * Processes of other users are not readable without privileges and are not seen: the check
 * finds what it can and never blocks a change on what it cannot see.
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';

export interface PortHolder {
  readonly pid: number;
  /** The program's name as the OS reports it (`minicom`, `python3`). */
  readonly command: string;
}

export interface PortHolderOptions {
  readonly procRoot?: string;
  readonly platform?: NodeJS.Platform;
  /** This process: its own instruments hold ports by design. */
  readonly selfPid?: number;
}

async function fdTargets(procRoot: string, pid: string): Promise<string[]> {
  const dir = join(procRoot, pid, 'fd');
  let fds: string[];
  try {
    fds = await readdir(dir);
  } catch {
    return []; // gone meanwhile, or another user's process
  }
  const targets = await Promise.all(fds.map((fd) => readlink(join(dir, fd)).catch(() => '')));
  return targets.filter((t) => t.startsWith('/dev/'));
}

async function commandOf(procRoot: string, pid: string): Promise<string> {
  try {
    return (await readFile(join(procRoot, pid, 'comm'), 'utf8')).trim() || '?';
  } catch {
    return '?';
  }
}

/**
 * Whether open descriptors `targets` make their process a second user of `device`. A process
 * that also holds a pseudo-terminal master made the pseudo-terminal (socat bridging a simulator
 * or a remote port keeps both ends open): it is the line itself, not another reader of it.
 */
function holds(targets: readonly string[], device: string): boolean {
  if (!targets.includes(device)) return false;
  return !(device.startsWith('/dev/pts/') && targets.includes('/dev/ptmx'));
}

/**
 * The other processes that have `port` (a device node or a link to one) open, or `undefined`
 * where this cannot be checked (not Linux, or `/proc` not readable).
 */
export async function otherPortHolders(port: string, options: PortHolderOptions = {}): Promise<PortHolder[] | undefined> {
  const procRoot = options.procRoot ?? '/proc';
  if ((options.platform ?? process.platform) !== 'linux') return undefined;
  const device = await realpath(port).catch(() => undefined);
  if (!device) return []; // not there: nobody holds it (absent ports are reported elsewhere)
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return undefined;
  }
  const self = String(options.selfPid ?? process.pid);
  const pids = entries.filter((e) => /^\d+$/.test(e) && e !== self);
  const holders: PortHolder[] = [];
  // A few processes at a time: a desktop has hundreds, each with dozens of descriptors.
  for (let i = 0; i < pids.length; i += 32) {
    const batch = pids.slice(i, i + 32);
    const found = await Promise.all(batch.map(async (pid) => (holds(await fdTargets(procRoot, pid), device) ? pid : undefined)));
    for (const pid of found) if (pid) holders.push({ pid: Number(pid), command: await commandOf(procRoot, pid) });
  }
  return holders;
}
