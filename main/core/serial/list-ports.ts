/**
 * `ListSerialPorts`: the ports the OS reports, with USB vendor, product and serial number where
 * it knows them, plus the stable `/dev/serial/by-id/…` names (the predecessor's `ttyUSBn` names
 * moved between boots). Listing needs udevadm on Linux; without it the answer is an empty list
 * and a warning, never an error, because the form still takes a typed path.
 */
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { SerialPortInfo, SerialPortList } from '../../../shared/model/serial.js';
import { canonicalPortPath } from './port-ownership.js';
import { simulatorTypes } from './sim/simulators.js';

/** What the OS listing gives for one port (the fields of serialport's `PortInfo` we use). */
export interface OsPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly serialNumber?: string | undefined;
}

/** Where the listing looks (tests point it at a temp folder and a made-up OS list). */
export interface PortListingDeps {
  list(): Promise<readonly OsPortInfo[]>;
  /** The by-id folder (absent on machines without USB serial devices). */
  readonly byIdDir: string;
}

const defaultDeps: PortListingDeps = { list: () => SerialPort.list(), byIdDir: '/dev/serial/by-id' };

/** Instruments as the listing sees them: an id and a config that may name a port. */
export interface PortUser {
  readonly id: string;
  readonly config: { readonly [key: string]: unknown };
}

function known(info: OsPortInfo): Omit<SerialPortInfo, 'path'> {
  const out: Record<string, string> = {};
  for (const key of ['manufacturer', 'vendorId', 'productId', 'serialNumber'] as const) {
    const v = info[key];
    if (typeof v === 'string' && v !== '') out[key] = v;
  }
  return out;
}

async function byIdEntries(dir: string, os: readonly OsPortInfo[]): Promise<SerialPortInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // No USB serial devices plugged in: the folder does not exist.
  }
  const out: SerialPortInfo[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    const target = await realpath(path).catch(() => undefined);
    const match = os.find((p) => p.path === target);
    out.push({ path, ...(match ? known(match) : {}), ...(target ? { target } : {}) });
  }
  return out;
}

/** Lists ports; `users` marks each port with the instrument configured on it. */
export async function listSerialPorts(users: Iterable<PortUser> = [], deps: PortListingDeps = defaultDeps): Promise<SerialPortList> {
  let os: readonly OsPortInfo[] = [];
  let warning: string | undefined;
  try {
    os = await deps.list();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    warning = `the OS port list is unavailable (${reason}); type the port path instead (e.g. /dev/ttyUSB0, COM7, a pty)`;
  }
  const ports = [...(await byIdEntries(deps.byIdDir, os)), ...os.map((p) => ({ path: p.path, ...known(p) }))];
  const owners = new Map<string, string>();
  for (const user of users) {
    const port = user.config['port'];
    if (typeof port === 'string') owners.set(canonicalPortPath(port), user.id);
  }
  for (const port of ports) {
    const owner = owners.get(canonicalPortPath(port.path));
    if (owner !== undefined) port.inUseBy = owner;
  }
  return { ports, simulated: simulatorTypes.map((t) => `sim://${t}`), ...(warning ? { warning } : {}) };
}
