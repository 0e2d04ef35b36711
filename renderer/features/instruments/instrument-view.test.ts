import { describe, expect, it } from 'vitest';
import { instrumentView } from '../../test-support/fixtures.js';
import { pathSegments } from '../../components/path-breaks.js';
import { channelLabels, displayStatus, readingText, statusNote, summarizeParams } from './instrument-view.js';

describe('summarizeParams', () => {
  it('lists parameters with units and groups the fields of a table on one line, the rates in the axis unit', () => {
    const view = instrumentView('stage', {
      type: 'esp300',
      config: { type: 'esp300', name: 'Stage', port: 'sim://esp300', num_axes: 2, axis1: { units: 2, velocity: 5, acceleration: 10 }, axis2: { units: 7, velocity: 10 } },
    });
    expect(summarizeParams(view)).toEqual([
      { path: 'port', label: 'Serial port', text: 'sim://esp300' },
      { path: 'num_axes', label: 'Axes', text: '2' },
      { path: 'axis1', label: 'axis1', text: 'units millimetre, velocity 5 mm/s, acceleration 10 mm/s²' },
      { path: 'axis2', label: 'axis2', text: 'units degree, velocity 10 deg/s' },
    ]);
  });

  it('shows the words of codes, not the codes', () => {
    const view = instrumentView('pm', {
      type: 'newport_1830c',
      config: { type: 'newport_1830c', port: 'sim://newport_1830c', wavelength: 800, range: 0, units: 1, attenuator: 0, filter: 3 },
    });
    expect(summarizeParams(view).map((i) => `${i.label} ${i.text}`)).toEqual([
      'Serial port sim://newport_1830c',
      'Wavelength 800 nm',
      'Range (0 = auto) auto',
      'Units dBm',
      'Attenuator off',
      'Filter fast',
    ]);
  });
});

describe('readings and status', () => {
  it('reads a MaiTai shutter as a word and other channels as numbers with units', () => {
    const laser = instrumentView('laser', { type: 'maitai', config: { type: 'maitai', port: 'sim://maitai' } });
    const labels = channelLabels(laser, 'shutter');
    expect(readingText(0, 'state', labels)).toBe('closed');
    expect(readingText(1, 'state', labels)).toBe('open');
    expect(channelLabels(laser, 'power')).toBeUndefined();
    expect(readingText(-2.077e-11, 'V', undefined)).toBe('0 V');
    expect(readingText(0.0010098, 'W', undefined)).toBe('1.010 mW');
    expect(channelLabels(instrumentView('odd', { type: 'unknown_type' }), 'x')).toBeUndefined();
  });

  it('says "unknown" while the core cannot be reached', () => {
    expect(displayStatus('running', 'open')).toBe('running');
    expect(displayStatus('running', 'closed')).toBe('unknown');
    expect(displayStatus('error', 'connecting')).toBe('unknown');
    const failed = instrumentView('pm', { status: 'error', statusReason: 'port missing' });
    expect(statusNote(failed, 'open', false)).toBe('port missing');
    expect(statusNote(failed, 'closed', false)).toBeUndefined();
    expect(statusNote(failed, 'closed', true)).toMatch(/^The connection to the core is down/);
  });
});

describe('pathSegments', () => {
  it('breaks after "/" and ":" only, keeping a run of them together', () => {
    expect(pathSegments('sim://newport_1830c/sample')).toEqual(['sim://', 'newport_1830c/', 'sample']);
    expect(pathSegments('/dev/serial/by-id/usb-FTDI_FT232R-if00-port0')).toEqual(['/', 'dev/', 'serial/', 'by-id/', 'usb-FTDI_FT232R-if00-port0']);
    expect(pathSegments('COM7')).toEqual(['COM7']);
  });
});
