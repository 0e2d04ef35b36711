import { describe, expect, it } from 'vitest';
import type { SerialPortList } from '../../../shared/model/serial.js';
import { instrumentView } from '../../test-support/fixtures.js';
import { portListSummary, portSuggestions, portTakenBy } from './port-suggestions.js';

const list: SerialPortList = {
  ports: [
    {
      path: '/dev/serial/by-id/usb-FTDI_FT232R-if00-port0',
      manufacturer: 'FTDI',
      serialNumber: 'A6008',
      target: '/dev/ttyUSB0',
      inUseBy: 'pm_sample',
    },
    { path: '/dev/ttyUSB0', manufacturer: 'FTDI', serialNumber: 'A6008', inUseBy: 'pm_sample' },
    { path: '/dev/ttyS0' },
  ],
  simulated: ['sim://newport_1830c', 'sim://maitai', 'sim://esp300'],
};
const instruments = [
  instrumentView('laser', { type: 'maitai', config: { type: 'maitai', port: 'sim://maitai' } }),
  instrumentView('pm_sample', { type: 'newport_1830c', config: { type: 'newport_1830c', port: '/dev/ttyUSB0' } }),
];

describe('portSuggestions', () => {
  it('lists the ports with maker, serial number and device node, marking those in use', () => {
    const suggestions = portSuggestions(list, 'newport_1830c', instruments);
    expect(suggestions.slice(0, 3)).toEqual([
      {
        value: '/dev/serial/by-id/usb-FTDI_FT232R-if00-port0',
        label: 'FTDI · SN A6008 · → /dev/ttyUSB0 · in use by pm_sample',
        inUseBy: 'pm_sample',
      },
      { value: '/dev/ttyUSB0', label: 'FTDI · SN A6008 · in use by pm_sample', inUseBy: 'pm_sample' },
      { value: '/dev/ttyS0', label: '', inUseBy: undefined },
    ]);
  });

  it('offers only the simulator of the form\'s type, marked when an instrument runs on it', () => {
    expect(portSuggestions(list, 'newport_1830c', instruments).slice(3)).toEqual([
      { value: 'sim://newport_1830c', label: 'built-in simulator', inUseBy: undefined },
    ]);
    expect(portSuggestions(list, 'maitai', instruments).slice(3)).toEqual([
      { value: 'sim://maitai', label: 'built-in simulator · in use by laser', inUseBy: 'laser' },
    ]);
  });

  it('suggests nothing before the list arrives', () => {
    expect(portSuggestions(null, 'maitai', instruments)).toEqual([]);
  });
});

describe('portTakenBy', () => {
  it('names the owner of a typed port, listed or only configured', () => {
    const suggestions = portSuggestions(list, 'maitai', instruments);
    expect(portTakenBy(suggestions, instruments, ' sim://maitai ')).toBe('laser');
    expect(portTakenBy(suggestions, instruments, '/dev/ttyUSB0')).toBe('pm_sample');
    expect(portTakenBy(suggestions, instruments, '/dev/pts/7')).toBeUndefined();
    expect(portTakenBy(suggestions, instruments, '')).toBeUndefined();
  });
});

describe('portListSummary', () => {
  it('counts ports and simulators', () => {
    expect(portListSummary(portSuggestions(list, 'maitai', instruments))).toBe('3 ports found · 1 simulator');
    expect(portListSummary(portSuggestions({ ports: [], simulated: [] }, 'maitai', []))).toBe('no serial ports found');
  });
});
