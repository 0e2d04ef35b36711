import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/errors.js';
import type { ParamSpec } from '../../../shared/model/parameters.js';
import { checkInstrumentConfig, checkParamValue, requireParamSpec, withParam } from './instrument-config.js';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a throw');
}

describe('instrument config checks', () => {
  it('checkInstrumentConfig lists every issue of a request, unknown keys as errors', () => {
    const err = thrown(() => checkInstrumentConfig('m', { type: 'mock', sample_rate_hz: 0, colour: 'red', shade: 1 }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('invalid config for instrument "m" (mock): sample_rate_hz: out of range (0.1..1000000 Hz); colour: unknown parameter; shade: unknown parameter');
    expect(checkInstrumentConfig('m', { type: 'mock', sample_rate_hz: 2 })).toEqual({ type: 'mock', sample_rate_hz: 2 });
  });

  it('checkParamValue checks booleans (no registered type has one yet) and every other kind the same way', () => {
    const flag: ParamSpec = { kind: 'boolean', label: 'Shutter open' };
    expect(checkParamValue('shutter', flag, true)).toBe(true);
    const err = thrown(() => checkParamValue('shutter', flag, 'yes'));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('invalid value for "shutter": must be true or false');
    expect(err.details).toEqual({ param: 'shutter', value: 'yes' });
  });

  it('requireParamSpec refuses type, tables and unknown names, listing the leaf names', () => {
    expect(thrown(() => requireParamSpec('esp300', 'type')).code).toBe('VALIDATION');
    const table = thrown(() => requireParamSpec('esp300', 'axis2'));
    expect(table.message).toContain('axis2.velocity');
    expect(table.details).toEqual({ param: 'axis2' });
    expect(requireParamSpec('esp300', 'axis2.units').kind).toBe('integer');
  });

  it('withParam sets a dotted path on a copy, creating or replacing sub-tables', () => {
    const config = { type: 'esp300', port: '/dev/x', axis1: { units: 2 }, name: 'stage' } as const;
    expect(withParam(config, 'axis1.velocity', 3)).toEqual({ ...config, axis1: { units: 2, velocity: 3 } });
    expect(withParam(config, 'axis2.units', 7)).toEqual({ ...config, axis2: { units: 7 } });
    expect(withParam(config, 'name.first', 'x')).toEqual({ ...config, name: { first: 'x' } });
    expect(withParam(config, 'port', '/dev/y')).toEqual({ ...config, port: '/dev/y' });
    expect(config.axis1).toEqual({ units: 2 });
  });
});
