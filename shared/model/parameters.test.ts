import { describe, expect, it } from 'vitest';
import { instrumentTypes } from './instrument-types.js';
import { defaultParams, findParamSpec, MAX_PARAM_KEY_CHARS, MAX_PARAM_STRING_CHARS, paramsObjectSchema, paramValueSchema, type ParamSpec } from './parameters.js';

/** The messages of a failed parse (empty when it passed). */
function messages(spec: ParamSpec, value: unknown): string[] {
  const r = paramValueSchema(spec).safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('paramValueSchema', () => {
  it('checks float ranges with the unit in the hint', () => {
    const spec: ParamSpec = { kind: 'float', label: 'Wavelength', unit: 'nm', min: 400, max: 1700 };
    expect(messages(spec, 400)).toEqual([]);
    expect(messages(spec, 1700)).toEqual([]);
    expect(messages(spec, 812.5)).toEqual([]);
    expect(messages(spec, 399.9)).toEqual(['out of range (400..1700 nm)']);
    expect(messages(spec, 1701)).toEqual(['out of range (400..1700 nm)']);
    expect(messages(spec, '800')).toEqual(['must be a number']);
    expect(messages(spec, Number.NaN)).not.toEqual([]);
    expect(messages(spec, Number.POSITIVE_INFINITY)).not.toEqual([]);
  });

  it('gives one-sided range hints', () => {
    expect(messages({ kind: 'float', label: 'x', min: 0 }, -1)).toEqual(['out of range (>= 0)']);
    expect(messages({ kind: 'float', label: 'x', max: 5, unit: 'W' }, 6)).toEqual(['out of range (<= 5 W)']);
  });

  it('refuses a fractional value for an integer and accepts it for a float', () => {
    expect(messages({ kind: 'integer', label: 'n' }, 2.5)).toEqual(['must be an integer']);
    expect(messages({ kind: 'integer', label: 'n' }, 'x')).toEqual(['must be an integer']);
    expect(messages({ kind: 'integer', label: 'n' }, 3)).toEqual([]);
    expect(messages({ kind: 'float', label: 'f' }, 2.5)).toEqual([]);
  });

  it('checks integer and string choices', () => {
    expect(messages({ kind: 'integer', label: 'baud', choices: [9600, 19200] }, 9600)).toEqual([]);
    expect(messages({ kind: 'integer', label: 'baud', choices: [9600, 19200] }, 9601)).toEqual(['must be one of 9600, 19200']);
    const profile: ParamSpec = { kind: 'string', label: 'p', choices: ['signal', 'stage'] };
    expect(messages(profile, 'stage')).toEqual([]);
    expect(messages(profile, 'laser')).toEqual(['must be one of "signal", "stage"']);
  });

  it('checks string patterns with the hint, and refuses empty required strings', () => {
    const host: ParamSpec = { kind: 'string', label: 'Host', required: true, pattern: { regex: '^[a-z.]+$', hint: 'must be a host name' } };
    expect(messages(host, 'lab.example')).toEqual([]);
    expect(messages(host, 'Lab Host')).toEqual(['must be a host name']);
    expect(messages(host, '   ')).toContain('must not be empty');
    expect(messages(host, 5)).toEqual(['must be a string']);
    expect(messages({ kind: 'string', label: 'n' }, '')).toEqual([]);
  });

  it('checks booleans (no registered instrument type has one yet, so the schema is tested directly)', () => {
    const spec: ParamSpec = { kind: 'boolean', label: 'Enabled' };
    expect(messages(spec, true)).toEqual([]);
    expect(messages(spec, false)).toEqual([]);
    expect(messages(spec, 'true')).toEqual(['must be true or false']);
    expect(messages(spec, 1)).toEqual(['must be true or false']);
  });

  it('checks integer arrays element by element, with the element range', () => {
    const spec = instrumentTypes.elliptec.params.device_addresses;
    expect(messages(spec, [0, 10, 15])).toEqual([]);
    expect(messages(spec, [])).toEqual(['needs at least one value']);
    expect(messages(spec, [16])).toEqual(['out of range (0..15)']);
    expect(messages(spec, [1.5])).toEqual(['must be an integer']);
    expect(messages(spec, 3)).toEqual(['must be an array of integers']);
    const r = paramValueSchema(spec).safeParse([1, 'a']);
    expect(r.success ? [] : r.error.issues.map((i) => i.path)).toEqual([[1]]);
  });

  it('checks string maps', () => {
    const spec = instrumentTypes.visa_instrument.params.queries;
    expect(messages(spec, { voltage: 'MEAS:VOLT?' })).toEqual([]);
    expect(messages(spec, { voltage: 5 })).toEqual(['must be a string']);
    expect(messages(spec, 'MEAS:VOLT?')).toEqual(['must be a table of strings']);
  });

  it('checks table fields with their own ranges and refuses unknown fields', () => {
    const axis = instrumentTypes.esp300.params.axis1;
    expect(messages(axis, { units: 2, velocity: 5 })).toEqual([]);
    expect(messages(axis, {})).toEqual([]);
    expect(messages(axis, { velocity: 1001 })).toEqual(['out of range (0..1000 units/s)']);
    expect(messages(axis, { units: 12 })).toEqual(['out of range (0..11)']);
    expect(messages(axis, { speed: 1 })).toEqual(['unknown parameter']);
    expect(messages(axis, 5)).toEqual(['must be a table']);
    expect(messages({ kind: 'table', label: 'empty' }, {})).toEqual([]);
  });
});

describe('strings a UTF-8 file can hold, of a sane length', () => {
  const name: ParamSpec = { kind: 'string', label: 'Name' };
  const queries = instrumentTypes.visa_instrument.params.queries;
  const surrogate = 'contains an unpaired UTF-16 surrogate, which a UTF-8 file cannot hold';

  it('refuses an unpaired surrogate anywhere in a value, and in a map key', () => {
    expect(messages(name, 'Cam\ud800')).toEqual([surrogate]);
    expect(messages(name, '\udc00Cam')).toEqual([surrogate]);
    expect(messages(name, 'Cam\udc00\ud800')).toEqual([surrogate]);
    expect(messages(name, 'Cam 😀 é')).toEqual([]);
    expect(messages({ ...name, required: true }, '\ud800')).toEqual([surrogate]);
    expect(messages(queries, { power: 'MEAS?\ud800' })).toEqual([surrogate]);
    expect(messages(queries, { ['p\udfff']: 'MEAS?' })).toEqual([`a key ${surrogate}`]);
    const esp = paramsObjectSchema(instrumentTypes.esp300.params).safeParse({ port: '/dev/ttyUSB0', name: 'x\ud83d' });
    expect(esp.error?.issues.map((i) => [i.path, i.message])).toEqual([[['name'], surrogate]]);
  });

  it(`caps values at ${MAX_PARAM_STRING_CHARS} characters and map keys at ${MAX_PARAM_KEY_CHARS}`, () => {
    expect(messages(name, 'x'.repeat(MAX_PARAM_STRING_CHARS))).toEqual([]);
    expect(messages(name, 'x'.repeat(MAX_PARAM_STRING_CHARS + 1))).toEqual([`must be at most ${MAX_PARAM_STRING_CHARS} characters long`]);
    expect(messages(queries, { p: 'x'.repeat(MAX_PARAM_STRING_CHARS + 1) })).toEqual([`must be at most ${MAX_PARAM_STRING_CHARS} characters long`]);
    expect(messages(queries, { ['k'.repeat(MAX_PARAM_KEY_CHARS + 1)]: 'MEAS?' })).toEqual([`a key must be at most ${MAX_PARAM_KEY_CHARS} characters long`]);
  });
});

describe('integers', () => {
  it('take -0 as 0 (TOML has no negative zero integer; it would be written as the float -0.0)', () => {
    const r = paramValueSchema({ kind: 'integer', label: 'n', min: 0, max: 8 }).safeParse(-0);
    expect(r.success && Object.is(r.data, 0)).toBe(true);
    const arr = paramValueSchema(instrumentTypes.elliptec.params.device_addresses).safeParse([-0, 1]);
    expect(arr.success && Object.is((arr.data as number[])[0], 0)).toBe(true);
    const table = paramsObjectSchema(instrumentTypes.esp300.params).safeParse({ port: 'COM3', axis1: { units: -0 } });
    expect(table.success && Object.is((table.data as { axis1: { units: number } }).axis1.units, 0)).toBe(true);
    const float = paramValueSchema({ kind: 'float', label: 'f' }).safeParse(-0);
    expect(float.success && Object.is(float.data, -0)).toBe(true);
  });
});

describe('serial port paths', () => {
  const port = instrumentTypes.newport_1830c.params.port;

  it('takes serial devices, COM ports, simulators and absolute paths outside /dev (links)', () => {
    for (const ok of [
      '/dev/ttyUSB0', '/dev/ttyS1', '/dev/ttyACM0', '/dev/tty.usbserial-A1', '/dev/cu.usbserial-A1', '/dev/pts/7',
      '/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A600-if00-port0', '/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0',
      'COM3', 'com12', '\\\\.\\COM12', 'sim://newport_1830c/sample', '/tmp/pm', '/home/lab/links/pm 2',
    ]) {
      expect(messages(port, ok), ok).toEqual([]);
    }
  });

  it('refuses other devices, relative paths and paths that climb, with the rule in words', () => {
    for (const bad of ['/dev/ptmx', '/dev/tty', '/dev/sda', '/dev/mem', '/dev', '/dev/pts/ptmx', '/dev/serial/by-id/..', '/dev/shm/x', 'ttyUSB0', '../dev/ptmx', '/tmp/../dev/ptmx', '/tmp/./pm', '/tmp//pm', 'COM0', 'C:\\x', '/tmp/pm\n']) {
      expect(messages(port, bad), bad).toEqual([expect.stringMatching(/^a serial port must be \/dev\/tty\*, \/dev\/cu\.\*, \/dev\/serial\/by-id\/… or \/dev\/serial\/by-path\/…, \/dev\/pts\/N, COMn, sim:\/\/<type>\[\/<name>\], or a link \(outside \/dev\) to one of those devices$/)]);
    }
  });
});

describe('paramsObjectSchema', () => {
  const specs = instrumentTypes.mock.params;

  it('says "required parameter is missing" for an absent required key, with its path', () => {
    const r = paramsObjectSchema(specs).safeParse({ profile: 'signal' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([[['sample_rate_hz'], 'required parameter is missing']]);
  });

  it('keeps optional keys optional and reports unknown keys', () => {
    expect(paramsObjectSchema(specs).safeParse({ sample_rate_hz: 10 }).success).toBe(true);
    const r = paramsObjectSchema(specs).safeParse({ sample_rate_hz: 10, rate: 5 });
    expect(r.error?.issues).toHaveLength(1);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['rate'], message: 'unknown parameter' });
  });

  it('does not fill in defaults (the config keeps what was written)', () => {
    expect(paramsObjectSchema(specs).parse({ sample_rate_hz: 10 })).toEqual({ sample_rate_hz: 10 });
  });
});

describe('findParamSpec', () => {
  const esp = instrumentTypes.esp300.params;

  it('finds top-level and nested (dotted) parameters', () => {
    expect(findParamSpec(esp, 'polling_rate_hz')?.label).toBe('Polling rate');
    expect(findParamSpec(esp, 'axis1.velocity')).toMatchObject({ kind: 'float', min: 0, max: 1000 });
    expect(findParamSpec(esp, 'axis3.units')?.kind).toBe('integer');
    expect(findParamSpec(esp, 'axis1')?.kind).toBe('table');
  });

  it('answers undefined for unknown paths, paths through non-tables and inherited names', () => {
    expect(findParamSpec(esp, 'axis4.velocity')).toBeUndefined();
    expect(findParamSpec(esp, 'axis1.speed')).toBeUndefined();
    expect(findParamSpec(esp, 'axis1.velocity.x')).toBeUndefined();
    expect(findParamSpec(esp, 'name.first')).toBeUndefined();
    expect(findParamSpec(esp, 'axis1.')).toBeUndefined();
    expect(findParamSpec(esp, '__proto__')).toBeUndefined();
    expect(findParamSpec(esp, 'toString')).toBeUndefined();
  });
});

describe('defaultParams', () => {
  it('collects the defaults, recursing into tables and skipping keys without one', () => {
    const defaults = defaultParams(instrumentTypes.esp300.params);
    expect(defaults).toEqual({
      baud_rate: 19200,
      num_axes: 3,
      polling_rate_hz: 5,
      axis1: { units: 2, velocity: 5, acceleration: 10 },
      axis2: { units: 2, velocity: 5, acceleration: 10 },
      axis3: { units: 2, velocity: 5, acceleration: 10 },
    });
    expect(defaults).not.toHaveProperty('port');
    expect(defaults).not.toHaveProperty('name');
  });

  it('gives defaults that validate against their own type', () => {
    for (const [type, spec] of Object.entries(instrumentTypes)) {
      const defaults = defaultParams(spec.params);
      const required = Object.entries(spec.params).filter(([, p]) => p.required && p.default === undefined);
      const filled = Object.fromEntries(
        required.map(([k, p]) => [k, k === 'port' ? '/dev/ttyUSB0' : p.pattern ? (type === 'visa_instrument' ? 'TCPIP0::10.0.0.1::INSTR' : 'host') : 'x']),
      );
      const r = paramsObjectSchema(spec.params).safeParse({ ...defaults, ...filled });
      expect(r.success, `${type}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
  });
});
