import { describe, expect, it } from 'vitest';
import { idSchema } from './ids.js';
import { crossReferenceIssues, daqConfigSchema, processorSchema, roleIssues, type InstrumentConfig, type ModuleConfig } from './config.js';
import { appStateSchema, instrumentViewSchema, moduleViewSchema, paramValueWireSchema, readingSchema } from './runtime.js';

const minimal = { log_level: 'info', application: {}, storage: { default_path: 'data' } };

const instruments: Record<string, InstrumentConfig> = {
  pm: { type: 'mock', profile: 'power_meter', sample_rate_hz: 1 },
  sig: { type: 'mock', sample_rate_hz: 1 },
  rot: { type: 'elliptec', port: '/dev/ttyUSB0' },
};

function paths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
}

describe('daqConfigSchema', () => {
  it('fills the documented defaults into a minimal document', () => {
    const config = daqConfigSchema.parse(minimal);
    expect(config.application).toEqual({
      broadcast_channel_capacity: 1024,
      command_channel_capacity: 32,
      dynamic_config: {
        enable_persistence: true,
        enable_hot_reload: true,
        enable_transactions: true,
        enable_versioning: true,
        snapshot_retention: 10,
        hot_reload_debounce_ms: 500,
        transaction_timeout_s: 300,
      },
    });
    expect(config.storage.default_format).toBe('csv');
    expect(config.instruments).toEqual({});
    expect(config.processors).toEqual({});
    expect(config.modules).toEqual({});
  });

  it('accepts log levels in any case and refuses unknown ones', () => {
    expect(daqConfigSchema.parse({ ...minimal, log_level: 'DEBUG' }).log_level).toBe('debug');
    const r = daqConfigSchema.safeParse({ ...minimal, log_level: 'loud' });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['must be one of error, warn, info, debug, trace']);
  });

  it('range-checks before anything converts (no 70000 → 4464 wrap)', () => {
    const r = daqConfigSchema.safeParse({ ...minimal, instruments: { k: { type: 'scpi_keithley', address: '10.0.0.2', port: 70000 } } });
    expect(paths(r)).toEqual(['instruments.k.port']);
    expect(r.error?.issues[0]?.message).toBe('out of range (1..65535)');
  });

  it('checks instruments against their type: unknown type, missing type, missing required key', () => {
    const r = daqConfigSchema.safeParse({
      ...minimal,
      instruments: { a: { type: 'laser9000' }, b: { sample_rate_hz: 1 }, c: { type: 'newport_1830c' } },
    });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['instruments.a.type', expect.stringMatching(/^unknown instrument type "laser9000" \(known: mock, newport_1830c/)],
      ['instruments.b.type', 'missing `type` (the instrument type)'],
      ['instruments.c.port', 'required parameter is missing'],
    ]);
  });

  it('refuses ids outside the id pattern', () => {
    expect(idSchema.safeParse('pm_1-A').success).toBe(true);
    expect(idSchema.safeParse('a'.repeat(64)).success).toBe(true);
    expect(idSchema.safeParse('a'.repeat(65)).success).toBe(false);
    expect(idSchema.safeParse('').success).toBe(false);
    expect(idSchema.safeParse('a b').error?.issues[0]?.message).toBe('must be 1-64 characters of A-Z, a-z, 0-9, _ or -');
    expect(idSchema.safeParse(5).error?.issues[0]?.message).toBe('must be a string');
    // Names every JavaScript object already has would find Object.prototype in a lookup.
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(idSchema.safeParse(name).error?.issues[0]?.message, name).toMatch(/reserved name/);
    }
    expect(idSchema.safeParse('constructor_2').success).toBe(true);
    expect(paths(daqConfigSchema.safeParse({ ...minimal, instruments: { 'a.b': instruments.sig } }))).toEqual(['instruments.a.b']);
  });

  it('checks modules: unknown type, unknown role, bad params, role values', () => {
    const r = daqConfigSchema.safeParse({
      ...minimal,
      instruments,
      modules: {
        a: { type: 'spectrometer' },
        b: { type: 'power_meter', roles: { detector: 'pm' } },
        c: { type: 'power_meter', low_threshold: -1 },
        d: { type: 'power_meter', roles: { power_meter: 5 } },
        e: { type: ['camera'] },
      },
    });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['modules.a.type', expect.stringContaining('unknown module type "spectrometer"')],
      ['modules.b.roles.detector', 'module type power_meter has no role "detector" (roles: power_meter)'],
      ['modules.c.low_threshold', 'out of range (>= 0 W)'],
      ['modules.d.roles.power_meter', 'must be an instrument id'],
      ['modules.e.type', '`type` must be a string (the module type)'],
    ]);
  });

  it('checks processors by their type', () => {
    expect(processorSchema.safeParse({ type: 'iir', filter_type: 'Lowpass', f0: 1, fs: 10 }).success).toBe(true);
    expect(processorSchema.safeParse({ type: 'fft', window_size: 1024, overlap: 512, sampling_rate: 1e3 }).success).toBe(true);
    expect(processorSchema.safeParse({ type: 'fir' }).error?.issues[0]?.message).toBe('unknown processor type (known: iir, fft)');
    expect(processorSchema.safeParse({ type: 'fft', window_size: 1, overlap: 0, sampling_rate: 1 }).success).toBe(false);
  });
});

describe('crossReferenceIssues', () => {
  it('finds processors without an instrument and roles pointing at missing or incapable instruments', () => {
    const doc = {
      instruments,
      processors: { pm: [], ghost: [] },
      modules: {
        watch: { type: 'power_meter', roles: { power_meter: 'sig' } },
        scan: { type: 'polarization_scan', roles: { rotator: 'rot', detector: 'nobody', bogus_role: 'pm' } },
        odd: { type: 'power_meter', roles: { power_meter: 7 } },
        untyped: { roles: { power_meter: 'ghost' } },
      },
    };
    expect(crossReferenceIssues(doc)).toEqual([
      { path: ['processors', 'ghost'], message: 'no instrument "ghost" for these processors' },
      {
        path: ['modules', 'watch', 'roles', 'power_meter'],
        message: 'role "power_meter" needs power measurement, which instrument "sig" (mock) does not offer',
      },
      { path: ['modules', 'scan', 'roles', 'detector'], message: 'role "detector" points at instrument "nobody", which does not exist' },
    ]);
  });

  it('copes with documents of the wrong shape', () => {
    expect(crossReferenceIssues(null)).toEqual([]);
    expect(crossReferenceIssues({ instruments: [], processors: 'x', modules: { m: 5 } })).toEqual([]);
    expect(crossReferenceIssues({ processors: { a: [] } })).toEqual([{ path: ['processors', 'a'], message: 'no instrument "a" for these processors' }]);
  });
});

describe('roleIssues', () => {
  const mod = (type: string, roles: Record<string, string>): ModuleConfig => ({ type, roles });

  it('accepts capable instruments, including a mock whose profile offers the capability', () => {
    expect(roleIssues(mod('polarization_scan', { rotator: 'rot', detector: 'pm' }), instruments)).toEqual([]);
  });

  it('ignores unknown module types, unknown roles and instruments of unknown type', () => {
    expect(roleIssues(mod('nope', { x: 'pm' }), instruments)).toEqual([]);
    expect(roleIssues(mod('power_meter', { other: 'sig' }), instruments)).toEqual([]);
    expect(roleIssues(mod('power_meter', { power_meter: 'x' }), { x: { type: 'unknown_type' } })).toEqual([]);
  });

  it('does not treat inherited names as instruments', () => {
    expect(roleIssues(mod('power_meter', { power_meter: 'constructor' }), instruments)).toEqual([
      { role: 'power_meter', message: 'role "power_meter" points at instrument "constructor", which does not exist' },
    ]);
  });
});

describe('runtime view schemas', () => {
  it('accept well-formed views and refuse malformed ones', () => {
    const view = {
      id: 'pm',
      type: 'mock',
      status: 'running',
      config: { type: 'mock', sample_rate_hz: 2, nested: { a: [1, 'x', true] } },
      capabilities: ['power_measurement'],
      channels: [{ name: 'power', unit: 'W' }],
      usedBy: [{ moduleId: 'watch', role: 'power_meter' }],
    };
    expect(instrumentViewSchema.safeParse(view).success).toBe(true);
    expect(instrumentViewSchema.safeParse({ ...view, status: 'dead' }).success).toBe(false);
    expect(moduleViewSchema.safeParse({ id: 'm', type: 'camera', state: 'idle', roles: { camera: null }, params: {}, stats: {} }).success).toBe(true);
    expect(readingSchema.safeParse({ channel: 'pm:power', value: 1, unit: 'W', timestamp: 0 }).success).toBe(true);
    expect(paramValueWireSchema.safeParse(null).success).toBe(false);
    expect(paramValueWireSchema.safeParse([[1]]).success).toBe(false);
    expect(appStateSchema.safeParse({ seq: 0, config: { configPath: 'x', status: 'ok', issues: [] }, instruments: [], modules: [], log: [], persistence: { pending: 0 }, reload: null }).success).toBe(
      true,
    );
  });
});
