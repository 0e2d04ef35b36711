/** In-process `sim://` ports: one device per path, one owner at a time, unplug and replug. */
import { describe, expect, it, vi } from 'vitest';
import { SimulatedDevices } from './sim-port.js';

const open = (devices: SimulatedDevices, path: string) => devices.open({ path, baudRate: 9600 });

describe('SimulatedDevices', () => {
  it('serves a device per path that answers through its port', async () => {
    const devices = new SimulatedDevices();
    const port = await open(devices, 'sim://maitai');
    const got: string[] = [];
    port.onData((b) => got.push(b.toString()));
    await port.write(Buffer.from('*IDN?\r\n'));
    await vi.waitFor(() => expect(got.join('')).toMatch(/MaiTai/));
    expect(devices.simulator('sim://maitai').received).toEqual(['*IDN?\r\n']);
    expect(devices.simulator('sim://maitai/second')).not.toBe(devices.simulator('sim://maitai'));
  });

  it('lets one port be open per device, like the OS lock', async () => {
    const devices = new SimulatedDevices();
    const first = await open(devices, 'sim://esp300');
    await expect(open(devices, 'sim://esp300')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'serial port sim://esp300 is in use by another program' });
    await first.close();
    await (await open(devices, 'sim://esp300')).close();
  });

  it('unplugging closes the open port as a disconnect and refuses opens until replugged; the device keeps its state', async () => {
    const devices = new SimulatedDevices();
    const port = await open(devices, 'sim://newport_1830c');
    await port.write(Buffer.from('W0633\n'));
    await vi.waitFor(() => expect(devices.simulator('sim://newport_1830c').received).toHaveLength(1));
    const closes: boolean[] = [];
    port.onClose((c) => closes.push(c.disconnected));
    await devices.simulator('sim://newport_1830c').disconnect();
    expect(closes).toEqual([true]);
    await expect(port.write(Buffer.from('D?\n'))).rejects.toThrow('is not open');
    await expect(open(devices, 'sim://newport_1830c')).rejects.toMatchObject({ message: 'serial port sim://newport_1830c does not exist (simulated device unplugged)' });
    await devices.simulator('sim://newport_1830c').reconnect();
    const again = await open(devices, 'sim://newport_1830c');
    const got: string[] = [];
    again.onData((b) => got.push(b.toString()));
    await again.write(Buffer.from('W?\n'));
    await vi.waitFor(() => expect(got).toEqual(['0633\n']));
  });

  it('refuses an unknown simulator, listing the known ones', async () => {
    await expect(open(new SimulatedDevices(), 'sim://keithley')).rejects.toMatchObject({
      message: 'no simulator for sim://keithley (known: sim://newport_1830c, sim://esp300, sim://maitai, sim://elliptec)',
    });
  });
});
