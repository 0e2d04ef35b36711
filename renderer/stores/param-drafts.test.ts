import { describe, expect, it } from 'vitest';
import { instrumentTypes } from '../../shared/model/instrument-types.js';
import type { ParamSpec } from '../../shared/model/parameters.js';
import { buildInstrumentConfig, checkDraft, configFromDrafts, draftsFor, formatDraft, instrumentIdError, paramFields, rangeHint, sameDraft } from './param-drafts.js';

const rate: ParamSpec = { kind: 'float', label: 'Sample rate', unit: 'Hz', min: 0.1, max: 1e6, required: true };
const count: ParamSpec = { kind: 'integer', label: 'Samples', min: 1, max: 100 };
const name: ParamSpec = { kind: 'string', label: 'Display name' };

describe('checkDraft', () => {
  it('turns number text into a number and checks the range', () => {
    expect(checkDraft(rate, ' 20 ', 'edit')).toEqual({ ok: true, value: 20 });
    expect(checkDraft(rate, '2e6', 'edit')).toMatchObject({ ok: false, error: expect.stringMatching(/out of range/) });
    expect(checkDraft(rate, 'abc', 'edit')).toEqual({ ok: false, error: 'must be a number' });
  });

  it('requires whole numbers for integers', () => {
    expect(checkDraft(count, '3', 'add')).toEqual({ ok: true, value: 3 });
    expect(checkDraft(count, '3.5', 'add')).toMatchObject({ ok: false, error: 'must be an integer' });
  });

  it('leaves empty optional fields out when adding, and asks for required ones', () => {
    expect(checkDraft(count, '', 'add')).toEqual({ ok: true, value: undefined });
    expect(checkDraft(rate, '', 'add')).toEqual({ ok: false, error: 'required' });
    expect(checkDraft(count, '', 'edit')).toEqual({ ok: false, error: 'enter a value' });
    expect(checkDraft(name, '', 'edit')).toEqual({ ok: true, value: '' });
  });

  it('types choices, booleans, integer lists and string tables', () => {
    expect(checkDraft({ kind: 'integer', label: 'Baud', choices: [9600, 19200] }, '19200', 'add')).toEqual({ ok: true, value: 19200 });
    expect(checkDraft({ kind: 'boolean', label: 'On' }, 'true', 'edit')).toEqual({ ok: true, value: true });
    expect(checkDraft({ kind: 'integer-array', label: 'Addr', min: 0, max: 15 }, '0, 1 2', 'add')).toEqual({ ok: true, value: [0, 1, 2] });
    expect(checkDraft({ kind: 'string-map', label: 'Q' }, 'volt = MEAS:VOLT?\n', 'add')).toEqual({ ok: true, value: { volt: 'MEAS:VOLT?' } });
    expect(checkDraft({ kind: 'string-map', label: 'Q' }, 'nonsense', 'add')).toMatchObject({ ok: false });
  });

  it('applies string patterns from the spec', () => {
    const host = instrumentTypes.scpi_keithley.params.address;
    expect(checkDraft(host, 'bad host!', 'add')).toEqual({ ok: false, error: 'must be an IP address or host name' });
    expect(checkDraft(host, '192.168.1.20', 'add')).toEqual({ ok: true, value: '192.168.1.20' });
  });
});

describe('form helpers', () => {
  it('flattens table parameters into labelled fields, the same array each time', () => {
    const fields = paramFields(instrumentTypes.esp300.params);
    expect(fields.map((f) => f.path)).toContain('axis2.velocity');
    expect(fields.find((f) => f.path === 'axis2.velocity')?.label).toBe('Velocity (axis2)');
    expect(paramFields(instrumentTypes.esp300.params)).toBe(fields);
  });

  it('prefills drafts from the config, then defaults', () => {
    const drafts = draftsFor(instrumentTypes.mock.params, { type: 'mock', sample_rate_hz: 20 });
    expect(drafts).toMatchObject({ sample_rate_hz: '20', num_samples: '64', profile: 'signal', name: '' });
    expect(formatDraft([0, 1])).toBe('0, 1');
  });

  it('builds nested tables for table fields', () => {
    const drafts = { ...draftsFor(instrumentTypes.esp300.params, {}), port: '/dev/ttyUSB0', 'axis1.velocity': '2.5' };
    const built = buildInstrumentConfig('esp300', drafts);
    expect(built.ok).toBe(true);
    if (built.ok) {
      expect(built.config).toMatchObject({ type: 'esp300', port: '/dev/ttyUSB0', axis1: { units: 2, velocity: 2.5, acceleration: 10 } });
      expect(built.config).not.toHaveProperty('name');
    }
  });

  it('checks ids against the pattern and the ids in use', () => {
    expect(instrumentIdError('pm_1-b')).toBeUndefined();
    expect(instrumentIdError('')).toBe('required');
    expect(instrumentIdError('has space')).toMatch(/letters, digits/);
    expect(instrumentIdError('a'.repeat(65))).toMatch(/letters, digits/);
    expect(instrumentIdError('pm', ['pm'])).toMatch(/already exists/);
    expect(instrumentIdError('constructor')).toMatch(/reserved name/);
  });

  it('describes ranges with units', () => {
    expect(rangeHint(rate)).toBe('0.1 to 1e6 Hz');
    expect(rangeHint({ kind: 'float', label: 'x', min: 0 })).toBe('>= 0');
    expect(rangeHint(name)).toBe('');
    expect(rangeHint({ kind: 'float', label: 'v', unit: 'units/s', min: 0, max: 1000 }, 'mm/s')).toBe('0 to 1000 mm/s');
  });
});

describe('sameDraft and configFromDrafts', () => {
  it('compares what drafts mean, not how they are written', () => {
    expect(sameDraft(rate, '780.0', '780')).toBe(true);
    expect(sameDraft(rate, ' 780 ', '780')).toBe(true);
    expect(sameDraft(rate, '780', '781')).toBe(false);
    expect(sameDraft({ kind: 'integer-array', label: 'a' }, '0,1', '0, 1')).toBe(true);
    expect(sameDraft(rate, 'abc', 'abc ')).toBe(true);
  });

  it('builds a nested config from the drafts that parse', () => {
    const config = configFromDrafts('esp300', { 'axis1.units': '7', 'axis1.velocity': 'fast', port: '/dev/ttyUSB0' });
    expect(config).toMatchObject({ axis1: { units: 7 }, port: '/dev/ttyUSB0' });
    expect(config['axis1']).toEqual({ units: 7 });
  });
});
