/**
 * `ListSerialPorts` with an OS listing a test decides and a real temp folder standing in for
 * /dev/serial/by-id (the symlinks the OS keeps there), plus the real listing on this machine.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serialPortListSchema } from '../../../shared/model/serial.js';
import { listSerialPorts, type OsPortInfo } from './list-ports.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-byid-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listSerialPorts', () => {
  it('lists OS ports with what the OS knows, by-id names first with their target, and who uses each', async () => {
    const tty = join(dir, 'ttyUSB0');
    await writeFile(tty, '');
    const byId = join(dir, 'by-id');
    await mkdir(byId);
    await symlink(tty, join(byId, 'usb-FTDI_Quad_RS232-HS-if00-port0'));
    const os: OsPortInfo[] = [
      { path: tty, manufacturer: 'FTDI', vendorId: '0403', productId: '6011', serialNumber: 'FT4ABCD' },
      { path: '/dev/ttyS0', manufacturer: undefined, vendorId: undefined },
    ];
    const users = [{ id: 'pm_sample', config: { type: 'newport_1830c', port: join(byId, 'usb-FTDI_Quad_RS232-HS-if00-port0') } }, { id: 'sig', config: { type: 'mock' } }];
    const list = await listSerialPorts(users, { list: async () => os, byIdDir: byId });
    expect(serialPortListSchema.parse(list)).toEqual(list);
    expect(list).toEqual({
      ports: [
        { path: join(byId, 'usb-FTDI_Quad_RS232-HS-if00-port0'), manufacturer: 'FTDI', vendorId: '0403', productId: '6011', serialNumber: 'FT4ABCD', target: tty, inUseBy: 'pm_sample' },
        { path: tty, manufacturer: 'FTDI', vendorId: '0403', productId: '6011', serialNumber: 'FT4ABCD', inUseBy: 'pm_sample' },
        { path: '/dev/ttyS0' },
      ],
      simulated: ['sim://newport_1830c', 'sim://esp300', 'sim://maitai', 'sim://elliptec'],
    });
  });

  it('answers an empty list and a warning, not an error, when the OS listing fails', async () => {
    const list = await listSerialPorts([], { list: () => Promise.reject(new Error('spawn udevadm ENOENT')), byIdDir: join(dir, 'absent') });
    expect(list).toEqual({
      ports: [],
      simulated: expect.any(Array),
      warning: 'the OS port list is unavailable (spawn udevadm ENOENT); type the port path instead (e.g. /dev/ttyUSB0, COM7, a pty)',
    });
  });

  it('runs against the real OS listing of this machine and always answers', async () => {
    const list = await listSerialPorts();
    expect(serialPortListSchema.safeParse(list).success).toBe(true);
    expect(list.simulated).toContain('sim://newport_1830c');
  });
});
