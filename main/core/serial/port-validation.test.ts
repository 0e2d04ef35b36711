/**
 * Port ownership in validation: a config file (with file:line:col), AddInstrumentDynamic and a
 * parameter update that changes `port` all refuse two instruments on one port, naming both and
 * the port; one elliptec instrument serving several bus addresses is fine; `sim://` is a port;
 * a path under /dev that is no serial device is refused (a link elsewhere is checked on open).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatConfigIssue } from '../../../shared/errors.js';
import { portIssues } from '../../../shared/model/config.js';
import { loadConfigText } from '../config/index.js';
import { createCore, type Core } from '../index.js';

const BASE = `log_level = "info"
[application]
[storage]
default_path = "data"
`;

describe('port rules in the config file', () => {
  it('refuses two instruments on one port with file:line:col, naming both and the port', () => {
    const text = `${BASE}
[instruments.pm_a]
type = "newport_1830c"
port = "/dev/ttyUSB0"

[instruments.pm_b]
type = "newport_1830c"
port = "/dev/ttyUSB0"
`;
    const r = loadConfigText(text, 'bench.toml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatConfigIssue)).toEqual([
      'bench.toml:12:1: instruments "pm_a" and "pm_b" both use serial port "/dev/ttyUSB0"; a port has one owner (instruments.pm_b.port)',
    ]);
  });

  it('suggests device_addresses when two elliptec instruments share a bus; one bus with several addresses is fine', () => {
    const two = loadConfigText(`${BASE}
[instruments.hwp]
type = "elliptec"
port = "COM4"
device_addresses = [0]
[instruments.pol]
type = "elliptec"
port = "com4"
device_addresses = [1]
`, 'b.toml');
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.issues[0]?.message).toBe('instruments "hwp" and "pol" both use serial port "com4"; a port has one owner; put several ELL14 mounts on one bus as the device_addresses of one instrument');
    const one = loadConfigText(`${BASE}
[instruments.rotators]
type = "elliptec"
port = "sim://elliptec"
device_addresses = [0, 1, 10]
`, 'b.toml');
    expect(one.ok && one.warnings).toEqual([]);
  });

  it('checks sim:// ports name a simulator of the instrument’s own type, and bus addresses appear once', () => {
    expect(portIssues({
      a: { type: 'esp300', port: 'sim://newport_1830c' },
      b: { type: 'maitai', port: 'sim://keithley' },
      c: { type: 'elliptec', port: '/dev/ttyUSB2', device_addresses: [1, 2, 1] },
      d: { type: 'newport_1830c', port: 'sim://newport_1830c/sample' },
      e: { type: 'newport_1830c', port: 'sim://newport_1830c/reference' },
      f: { type: 'mock', port: '/dev/ttyUSB2' },
    })).toEqual([
      { id: 'a', key: 'port', message: 'port "sim://newport_1830c" simulates type newport_1830c, not esp300' },
      { id: 'b', key: 'port', message: 'unknown simulator "sim://keithley" (use sim://<type>[/<name>] with a serial instrument type)' },
      { id: 'c', key: 'device_addresses', message: 'bus address 1 is listed twice' },
    ]);
  });
});

describe('port paths: serial devices and links only', () => {
  it('a config file naming another device is refused at the port, with what is allowed', () => {
    const r = loadConfigText(`${BASE}
[instruments.pm]
type = "newport_1830c"
port = "/dev/ptmx"
`, 'bench.toml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatConfigIssue)).toEqual([
      'bench.toml:8:1: a serial port must be /dev/tty*, /dev/cu.*, /dev/serial/by-id/… or /dev/serial/by-path/…, /dev/pts/N, COMn, sim://<type>[/<name>], or a link (outside /dev) to one of those devices (instruments.pm.port)',
    ]);
  });

  it('a link outside /dev, a by-id name and a pty load', () => {
    for (const port of ['/tmp/pm', '/dev/serial/by-id/usb-Newport-if00', '/dev/pts/3', 'COM7']) {
      const r = loadConfigText(`${BASE}\n[instruments.pm]\ntype = "newport_1830c"\nport = "${port}"\n`, 'bench.toml');
      expect(r.ok, port).toBe(true);
    }
  });
});

describe('port rules in the actor', () => {
  let core: Core | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await core?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function start(text: string): Promise<Core> {
    dir = await mkdtemp(join(tmpdir(), 'daq-ports-'));
    const configPath = join(dir, 'config.toml');
    await writeFile(configPath, text);
    core = createCore({ configPath });
    await core.start();
    return core;
  }

  const BENCH = `${BASE}
[instruments.pm_sample]
type = "newport_1830c"
port = "sim://newport_1830c/sample"

[instruments.pm_reference]
type = "newport_1830c"
port = "sim://newport_1830c/reference"
`;

  it('AddInstrumentDynamic refuses a port another instrument has, naming both and the port, and starts nothing', async () => {
    const c = await start(BENCH);
    const r = await c.invoke('AddInstrumentDynamic', { id: 'pm_extra', config: { type: 'newport_1830c', port: 'sim://newport_1830c/sample' }, persist: false });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'instruments "pm_sample" and "pm_extra" both use serial port "sim://newport_1830c/sample"; a port has one owner',
        details: { port: 'sim://newport_1830c/sample', issues: [{ path: 'port', message: expect.any(String), otherInstrument: 'pm_sample' }] },
      },
    });
    const list = await c.invoke('ListInstruments', {});
    expect(list.ok && list.value.instruments.map((i) => [i.id, i.status])).toEqual([
      ['pm_sample', 'running'],
      ['pm_reference', 'running'],
    ]);
  });

  it('a parameter update that moves an instrument onto a taken port is refused; a free port is taken (with a restart)', async () => {
    const c = await start(BENCH);
    const taken = await c.invoke('UpdateInstrumentParameter', { id: 'pm_sample', param: 'port', value: 'sim://newport_1830c/reference', persist: false });
    expect(taken).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'instruments "pm_reference" and "pm_sample" both use serial port "sim://newport_1830c/reference"; a port has one owner' } });
    const free = await c.invoke('UpdateInstrumentParameter', { id: 'pm_sample', param: 'port', value: 'sim://newport_1830c/spare', persist: false });
    expect(free).toMatchObject({ ok: true, value: { applied: 'restart', instrument: { status: 'running', config: { port: 'sim://newport_1830c/spare' } } } });
  });

  it('AddInstrumentDynamic and a port update refuse a device that is no serial port, before opening anything', async () => {
    const c = await start(BENCH);
    for (const port of ['/dev/ptmx', '/dev/sda', 'relative/tty']) {
      const add = await c.invoke('AddInstrumentDynamic', { id: 'pm_extra', config: { type: 'newport_1830c', port }, persist: false });
      expect(add, port).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'port', message: expect.stringMatching(/^a serial port must be /) }] } } });
      const update = await c.invoke('UpdateInstrumentParameter', { id: 'pm_sample', param: 'port', value: port, persist: false });
      expect(update, port).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^invalid value for "port": a serial port must be /) } });
    }
  });

  it('ListSerialPorts answers with the simulators and a warning where the OS cannot list', async () => {
    const c = await start(BENCH);
    const r = await c.invoke('ListSerialPorts', {});
    expect(r).toMatchObject({ ok: true, value: { simulated: ['sim://newport_1830c', 'sim://esp300', 'sim://maitai', 'sim://elliptec'] } });
  });
});
