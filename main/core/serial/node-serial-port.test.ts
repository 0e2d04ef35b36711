/**
 * The `serialport` adapter on real pseudo-terminals made by socat: bytes both ways, RTS/DTR a
 * pty refuses (only a warning), the OS lock against another process (a clear error naming the
 * port), a missing port, a pulled cable, flow control a device refuses, and paths that are no
 * serial device (refused alike whether they exist or not).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeOpenError, openNodeSerialPort, resolveSerialDevice, type RawSerialStream, type RawStreamFactory } from './node-serial-port.js';
import type { SerialPortLike } from './serial-port-like.js';
import { createPtyPair, type PtyPair } from './sim/pty-pair.js';

let dir: string;
let pair: PtyPair;
const opened: SerialPortLike[] = [];
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-nsp-'));
  pair = await createPtyPair(join(dir, 'ttyTEST'));
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(opened.splice(0).map((p) => p.close()));
  await pair.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(path: string, extra: Partial<Parameters<typeof openNodeSerialPort>[0]> = {}): Promise<SerialPortLike> {
  const port = await openNodeSerialPort({ path, baudRate: 9600, ...extra });
  opened.push(port);
  return port;
}

const received = (port: SerialPortLike): string[] => {
  const out: string[] = [];
  port.onData((chunk) => out.push(chunk.toString('latin1')));
  return out;
};

describe('openNodeSerialPort on a pty pair', () => {
  it('carries bytes both ways', async () => {
    const host = await open(pair.link);
    const device = await open(pair.devicePath, { lock: false });
    const atDevice = received(device);
    const atHost = received(host);
    await host.write(Buffer.from('D?\n'));
    await vi.waitFor(() => expect(atDevice.join('')).toBe('D?\n'));
    await device.write(Buffer.from('1.000E-3\n'));
    await vi.waitFor(() => expect(atHost.join('')).toBe('1.000E-3\n'));
    expect(host.path).toBe(pair.link);
    expect(host.isOpen).toBe(true);
  });

  it('warns, and still works, when RTS/DTR cannot be raised on a pty', async () => {
    const host = await open(pair.link, { raiseRtsDtr: true, flowControl: 'rtscts' });
    expect(host.warnings).toEqual([expect.stringMatching(new RegExp(`^could not raise RTS/DTR on ${pair.link} \\(.+\\); continuing without \\(normal on a pseudo-terminal\\)$`))]);
    await host.write(Buffer.from('x'));
  });

  it('refuses a port another process holds, naming the port and saying what to do', async () => {
    const script = `import('serialport').then(({ SerialPort }) => { const p = new SerialPort({ path: ${JSON.stringify(pair.link)}, baudRate: 9600 }); p.on('open', () => console.log('ready')); setInterval(() => {}, 1000); });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    await expect(open(pair.link)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(new RegExp(`^serial port ${pair.link} is in use by another program \\(.*lock.*\\); close it there or pick another port$`, 'i')),
      details: { port: pair.link, reason: 'busy' },
    });
  });

  it('refuses a port another program has open without the lock, naming the program, and can open it once that program is gone', async () => {
    // A terminal-style program: opens the line without taking the lock, and sits on it.
    const child = spawn('sh', ['-c', 'exec 3<>"$1"; echo ready; exec sleep 30', 'sh', pair.link], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    // "ready" comes just before the shell becomes `sleep`: wait for the name the refusal will give.
    await vi.waitFor(async () => expect((await readFile(`/proc/${child.pid}/comm`, 'utf8')).trim()).toBe('sleep'));
    await expect(open(pair.link)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: `serial port ${pair.link} is open in another program: sleep (pid ${child.pid}); close it there or pick another port`,
      details: { port: pair.link, reason: 'busy' },
    });
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    expect((await open(pair.link)).isOpen).toBe(true);
  });

  it('names a missing serial device', async () => {
    await expect(open('/dev/ttyDAQ-test-absent')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'serial port /dev/ttyDAQ-test-absent does not exist (unplugged, or a wrong path; /dev/serial/by-id/… names stay put across reboots)',
    });
  });

  it('reports a pulled cable as a disconnect, and our own close as not one', async () => {
    const host = await open(pair.link);
    const closes: boolean[] = [];
    host.onClose((c) => closes.push(c.disconnected));
    await pair.close();
    // Reading a hung-up pty may report only end-of-file, which the binding does not treat as a
    // disconnect; the next write fails for sure (the connection does the same: polls write).
    await host.write(Buffer.from('x')).catch(() => undefined);
    await vi.waitFor(() => expect(closes).toEqual([true]));
    expect(host.isOpen).toBe(false);
    await expect(host.write(Buffer.from('x'))).rejects.toMatchObject({ message: `serial port ${pair.link} is not open`, details: { reason: 'write-failed' } });
    pair = await createPtyPair(join(dir, 'ttyTEST'));
    const again = await open(pair.link);
    const closes2: boolean[] = [];
    again.onClose((c) => closes2.push(c.disconnected));
    await again.close();
    await vi.waitFor(() => expect(closes2).toEqual([false]));
  });
});

describe('openNodeSerialPort opens only serial devices', () => {
  /** A stream factory that records what it was asked to open (and opens nothing real). */
  function recorder(): { create: RawStreamFactory; paths: string[] } {
    const paths: string[] = [];
    const create: RawStreamFactory = (o) => {
      paths.push(o.path);
      return { isOpen: true, open: (cb) => cb(null), close: (cb) => cb?.(null), write: (_d, cb) => (cb(null), true), set: (_o, cb) => cb(null), on: () => undefined };
    };
    return { create, paths };
  }

  it('follows a link to a pty and opens its target', async () => {
    const { create, paths } = recorder();
    const port = await openNodeSerialPort({ path: pair.link, baudRate: 9600 }, create);
    expect(paths).toEqual([await realpath(pair.link)]);
    expect(paths[0]).toMatch(/^\/dev\/pts\/\d+$/);
    expect(port.path).toBe(pair.link);
  });

  it('refuses other devices, links to them, files and missing links with one message', async () => {
    await symlink('/dev/ptmx', join(dir, 'to-ptmx'));
    await writeFile(join(dir, 'plain-file'), 'x');
    const { create, paths } = recorder();
    const refusals: string[] = [];
    for (const path of ['/dev/ptmx', join(dir, 'to-ptmx'), join(dir, 'plain-file'), join(dir, 'missing'), 'relative/ttyUSB0']) {
      const err = await openNodeSerialPort({ path, baudRate: 9600 }, create).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, path).toMatchObject({ code: 'UNAVAILABLE', details: { port: path, reason: 'not-serial' } });
      refusals.push((err as Error).message.replace(path, '<path>'));
    }
    expect(paths).toEqual([]);
    // Existing or not, device or file: nothing tells them apart.
    expect(new Set(refusals).size).toBe(1);
    expect(refusals[0]).toMatch(/^serial port <path> cannot be opened: it is not an existing serial device or link to one \(a serial port must be \/dev\/tty\*/);
  });

  it('takes only COM names on Windows', async () => {
    expect(await resolveSerialDevice('COM3', 'win32')).toBe('COM3');
    expect(await resolveSerialDevice('\\\\.\\COM12', 'win32')).toBe('\\\\.\\COM12');
    await expect(resolveSerialDevice('C:\\Windows\\win.ini', 'win32')).rejects.toMatchObject({ details: { reason: 'not-serial' } });
  });
});

describe('openNodeSerialPort with a device that refuses flow control', () => {
  it('opens without it and warns', async () => {
    const asked: boolean[] = [];
    const stream: RawSerialStream = {
      isOpen: false,
      open: () => undefined,
      close: (cb) => cb?.(null),
      write: (_d, cb) => (cb(null), true),
      set: (_o, cb) => cb(null),
      on: () => stream,
    };
    const create: RawStreamFactory = (o) => {
      asked.push(o.rtscts);
      return { ...stream, open: (cb) => cb(o.rtscts ? new Error('Inappropriate ioctl for device, cannot set') : null), isOpen: true };
    };
    const port = await openNodeSerialPort({ path: '/dev/ttyUSB7', baudRate: 19200, flowControl: 'rtscts' }, create);
    expect(asked).toEqual([true, false]);
    expect(port.warnings).toEqual(['serial port /dev/ttyUSB7 refused rtscts flow control (Inappropriate ioctl for device, cannot set); running without it']);
  });
});

describe('describeOpenError', () => {
  it('explains permissions and passes other errors on with the port', () => {
    expect(describeOpenError('/dev/ttyS0', new Error('Error: Permission denied, cannot open /dev/ttyS0')).message).toBe(
      'no permission to open serial port /dev/ttyS0 (on Linux, add the user to the dialout group)',
    );
    expect(describeOpenError('COM7', new Error('Opening COM7: Access denied')).message).toMatch(/^serial port COM7 is in use by another program/);
    expect(describeOpenError('/dev/x', 'weird')).toMatchObject({ code: 'UNAVAILABLE', message: 'cannot open serial port /dev/x: weird' });
  });
});
