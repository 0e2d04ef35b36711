/** A simulator served on a socat pty pair: reachable at the link, unplugged and replugged on the same path. */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNodeSerialPort } from '../node-serial-port.js';
import type { SerialPortLike } from '../serial-port-like.js';
import { Newport1830cSim } from './newport-1830c-sim.js';
import { createPtyPair } from './pty-pair.js';
import { serveSimulator, type ServedSimulator } from './serve-simulator.js';

let dir: string | undefined;
let served: ServedSimulator | undefined;
const ports: SerialPortLike[] = [];
afterEach(async () => {
  await Promise.all(ports.splice(0).map((p) => p.close()));
  await served?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function query(path: string, command: string): Promise<string> {
  const port = await openNodeSerialPort({ path, baudRate: 9600 });
  ports.push(port);
  const got: string[] = [];
  port.onData((b) => got.push(b.toString()));
  await port.write(Buffer.from(command));
  await vi.waitFor(() => expect(got.join('')).toMatch(/\n$/));
  await port.close();
  return got.join('');
}

describe('serveSimulator', () => {
  it('answers at the link path, is gone when unplugged, and answers again at the same path when replugged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-serve-'));
    const link = join(dir, 'ttyPM');
    served = await serveSimulator(new Newport1830cSim(), link);
    expect(await query(link, 'W?\n')).toBe('0800\n');
    await served.unplug();
    await expect(access(link)).rejects.toThrow();
    await served.replug();
    expect(await query(link, 'W?\n')).toBe('0800\n');
    expect(served.sim.received).toEqual(['W?\n', 'W?\n']);
  });
});

describe('createPtyPair', () => {
  it('fails clearly when socat cannot be started', async () => {
    await expect(createPtyPair('/tmp/daq-never', { socat: '/nonexistent/socat' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^cannot start socat \(.*ENOENT.*\); install it/),
    });
  });
});
