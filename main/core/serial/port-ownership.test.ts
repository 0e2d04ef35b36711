import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalPortPath, PortOwnership } from './port-ownership.js';

describe('PortOwnership', () => {
  it('gives a port one owner, names it to the next claimant, and frees it on release', () => {
    const o = new PortOwnership();
    const release = o.claim('/dev/ttyUSB0', 'pm_sample');
    expect(() => o.claim('/dev/ttyUSB0', 'pm_reference')).toThrow('serial port /dev/ttyUSB0 is already used by instrument "pm_sample"; a port has one owner');
    expect(o.ownerOf('/dev/ttyUSB0')).toBe('pm_sample');
    release();
    expect(o.ownerOf('/dev/ttyUSB0')).toBeUndefined();
    o.claim('/dev/ttyUSB0', 'pm_reference')();
  });

  it('sees a /dev/serial/by-id name and the device it points at as one port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-own-'));
    try {
      const tty = join(dir, 'ttyUSB3');
      await writeFile(tty, '');
      const byId = join(dir, 'usb-Newport_ESP300-if00');
      await symlink(tty, byId);
      const o = new PortOwnership();
      o.claim(byId, 'xyz_stage');
      expect(() => o.claim(tty, 'other')).toThrow(`serial port ${tty} is already used by instrument "xyz_stage" (as ${byId}); a port has one owner`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('compares Windows COM names as Windows does', () => {
    expect(canonicalPortPath('com7')).toBe('COM7');
    expect(canonicalPortPath('\\\\.\\COM12')).toBe('COM12');
    expect(canonicalPortPath('sim://maitai')).toBe('sim://maitai');
  });
});
