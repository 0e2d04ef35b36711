import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SerialPortList } from '../../shared/model/serial.js';
import { fakeApi } from '../test-support/fake-api.js';
import { resetStores } from '../test-support/reset-stores.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import { createOperations } from './operations.js';
import { useSerialPortsStore } from './serial-ports-store.js';
import { useToastsStore } from './toasts-store.js';

const listed: SerialPortList = { ports: [{ path: '/dev/ttyUSB0' }], simulated: ['sim://maitai'], warning: 'udevadm not found' };

beforeEach(() => resetStores());

describe('serial ports for the add form', () => {
  it('are not asked for while the form shows a non-serial type', async () => {
    const ListSerialPorts = vi.fn();
    const ops = createOperations(fakeApi({ ListSerialPorts }));
    await ops.openAddForm();
    await ops.pickAddType('pvcam');
    expect(useAddInstrumentStore.getState()).toMatchObject({ open: true, type: 'pvcam' });
    expect(ListSerialPorts).not.toHaveBeenCalled();
  });

  it('are asked for once when a serial type is picked, kept across types, and again on refresh', async () => {
    const ListSerialPorts = vi.fn(async () => ({ ok: true as const, value: listed }));
    const ops = createOperations(fakeApi({ ListSerialPorts }));
    await ops.openAddForm();
    await ops.pickAddType('maitai');
    await ops.pickAddType('newport_1830c');
    expect(ListSerialPorts).toHaveBeenCalledTimes(1);
    expect(useSerialPortsStore.getState()).toMatchObject({ status: 'loaded', list: listed });
    await ops.refreshSerialPorts();
    expect(ListSerialPorts).toHaveBeenCalledTimes(2);
  });

  it('are asked for again when the form is opened anew', async () => {
    const ListSerialPorts = vi.fn(async () => ({ ok: true as const, value: listed }));
    const ops = createOperations(fakeApi({ ListSerialPorts }));
    await ops.openAddForm();
    await ops.pickAddType('maitai');
    useAddInstrumentStore.getState().formClosed();
    await ops.openAddForm();
    expect(useSerialPortsStore.getState().status).toBe('idle');
    await ops.pickAddType('esp300');
    expect(ListSerialPorts).toHaveBeenCalledTimes(2);
  });

  it('keep the field usable when listing fails: a note, no toast', async () => {
    const ops = createOperations(fakeApi({ ListSerialPorts: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'no udev' } }) }));
    await ops.openAddForm();
    await ops.pickAddType('maitai');
    expect(useSerialPortsStore.getState()).toMatchObject({ status: 'failed', error: { code: 'UNAVAILABLE' } });
    expect(useToastsStore.getState().toasts).toEqual([]);
  });

  it('keep the typed value of a path no list contains', async () => {
    const ops = createOperations(fakeApi({ ListSerialPorts: async () => ({ ok: true, value: listed }) }));
    await ops.openAddForm();
    await ops.pickAddType('maitai');
    useAddInstrumentStore.getState().draftChanged('port', '/dev/pts/7');
    expect(useAddInstrumentStore.getState().drafts['port']).toBe('/dev/pts/7');
    expect(useAddInstrumentStore.getState().errors['port']).toBeUndefined();
  });
});
