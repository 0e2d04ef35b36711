import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../shared/errors.js';
import { MAX_CONFIG_BYTES } from './config-file.js';
import { loadConfigFile, loadConfigText, locateKeyPath, parseTomlText } from './index.js';

/** Lines 1-4: the smallest valid document; tests append from line 5 on. */
const BASE = ['log_level = "info"', '[application]', '[storage]', 'default_path = "data"'];

function doc(...lines: string[]): string {
  return [...BASE, ...lines].join('\n') + '\n';
}

function issuesOf(text: string): ConfigIssue[] {
  const r = loadConfigText(text, 'lab.toml');
  if (r.ok) throw new Error(`expected issues, the document loaded (warnings: ${JSON.stringify(r.warnings)})`);
  return r.issues;
}

/** [line, column, path, message] of every issue, for compact exact assertions. */
function where(issues: readonly ConfigIssue[]): [number, number, string, string][] {
  return issues.map((i) => [i.line, i.column, i.path, i.message]);
}

describe('loadConfigText: valid documents', () => {
  it('loads the smallest document with defaults and no warnings', () => {
    const r = loadConfigText(doc(), 'lab.toml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.config.log_level).toBe('info');
    expect(r.config.application.command_channel_capacity).toBe(32);
    expect(r.config.instruments).toEqual({});
    expect(r.doc.value['storage']).toEqual({ default_path: 'data' });
  });

  it('keeps instrument params as written and builds module roles', () => {
    const r = loadConfigText(
      doc(
        '[instruments.pm]',
        'type = "mock"',
        'profile = "power_meter"',
        'sample_rate_hz = 2',
        '[modules.watch]',
        'type = "power_meter"',
        'roles = { power_meter = "pm" }',
      ),
      'lab.toml',
    );
    expect(r.ok && r.config.instruments).toEqual({ pm: { type: 'mock', profile: 'power_meter', sample_rate_hz: 2 } });
    expect(r.ok && r.config.modules['watch']).toEqual({ type: 'power_meter', roles: { power_meter: 'pm' } });
  });
});

describe('loadConfigText: every error class, located', () => {
  it('TOML syntax error at its position', () => {
    const issues = issuesOf(doc('[instruments.a]', 'type = = "mock"'));
    expect(issues).toEqual([
      { file: 'lab.toml', line: 6, column: 8, path: '', message: 'TOML syntax error: Unexpected token', severity: 'error' },
    ]);
    expect(where(issuesOf('log_level = "info"\nlog_level = "debug"\n'))).toEqual([
      [2, 1, '', 'TOML syntax error: Defining a key multiple times is invalid'],
    ]);
  });

  it('a text larger than a config file may be (a kept version, a restore): refused at 1:1, a valid one at the limit loads', () => {
    const head = doc('# padding');
    const atLimit = `${head}#${'x'.repeat(MAX_CONFIG_BYTES - head.length - 2)}\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_CONFIG_BYTES);
    expect(loadConfigText(atLimit, 'lab.toml').ok).toBe(true);
    expect(where(issuesOf(`${atLimit}\n`))).toEqual([[1, 1, '', `the config is ${MAX_CONFIG_BYTES + 1} bytes, over the 10 MiB a config file may have`]]);
  });

  it('an integer a number cannot hold exactly, refused at its position instead of rounded', () => {
    expect(where(issuesOf(doc('[instruments.a]', 'type = "mock"', 'num_samples = 9007199254740993')))).toEqual([
      [7, 15, '', 'integer 9007199254740993 is too large to be held exactly: the limit is ±9007199254740991 (2^53 − 1)'],
    ]);
    expect(where(issuesOf(doc('x = [1, -9007199254740992]')))[0]?.slice(0, 2)).toEqual([5, 9]);
    // The largest exact integer still reads as itself.
    const parsed = parseTomlText('n = 9007199254740991\n', 'lab.toml');
    expect(parsed.ok && parsed.doc.value).toEqual({ n: 9007199254740991 });
  });

  it('missing required top-level table', () => {
    expect(where(issuesOf('log_level = "info"\n[application]\n'))).toEqual([[1, 1, 'storage', 'missing table [storage]']]);
    expect(where(issuesOf('[application]\n[storage]\ndefault_path = "d"\n'))).toEqual([
      [1, 1, 'log_level', 'missing key log_level'],
    ]);
  });

  it('wrong type, at the key', () => {
    expect(where(issuesOf(doc('[instruments.a]', 'type = "mock"', 'sample_rate_hz = "fast"')))).toEqual([
      [7, 1, 'instruments.a.sample_rate_hz', 'must be a number'],
    ]);
    expect(where(issuesOf('log_level = "info"\nstorage = 5\n[application]\n'))).toEqual([[2, 1, 'storage', '[storage] must be a table']]);
    expect(where(issuesOf(doc('[instruments.a]', 'type = 7')))).toEqual([[6, 1, 'instruments.a.type', '`type` must be a string (the instrument type)']]);
  });

  it('out of range, at the key', () => {
    const issues = issuesOf(
      ['log_level = "info"', '[application]', 'command_channel_capacity = 4', '[storage]', 'default_path = "d"', '[instruments.k]', 'type = "scpi_keithley"', 'address = "10.0.0.2"', 'port = 70000'].join(
        '\n',
      ),
    );
    expect(where(issues)).toEqual([
      [3, 1, 'application.command_channel_capacity', expect.stringContaining('>=8')],
      [9, 1, 'instruments.k.port', 'out of range (1..65535)'],
    ]);
  });

  it('unknown instrument type, at `type`', () => {
    expect(where(issuesOf(doc('', '[instruments.a]', '  type = "laser9000"')))).toEqual([
      [7, 3, 'instruments.a.type', expect.stringMatching(/^unknown instrument type "laser9000" \(known: mock, /)],
    ]);
  });

  it('missing required parameter, at the table header', () => {
    expect(where(issuesOf(doc('[instruments.pm]', 'type = "newport_1830c"', 'wavelength = 800.0')))).toEqual([
      [5, 1, 'instruments.pm.port', 'required parameter is missing'],
    ]);
  });

  it('unknown key: a warning, the config still loads and the key is dropped', () => {
    const r = loadConfigText(doc('colour = "blue"', '[instruments.a]', 'type = "mock"', 'sample_rate_hz = 1', 'rate = 5'), 'lab.toml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      { file: 'lab.toml', line: 5, column: 1, path: 'storage.colour', message: 'unknown key "colour" (ignored)', severity: 'warning' },
      { file: 'lab.toml', line: 9, column: 1, path: 'instruments.a.rate', message: 'unknown key "rate" (ignored)', severity: 'warning' },
    ]);
    expect(r.config.storage).toEqual({ default_path: 'data', default_format: 'csv' });
    expect(r.config.instruments['a']).toEqual({ type: 'mock', sample_rate_hz: 1 });
  });

  it('unknown keys next to an error: the error fails the load and both are reported', () => {
    expect(where(issuesOf(doc('[instruments.a]', 'type = "mock"', 'rate = 5')))).toEqual([
      [5, 1, 'instruments.a.sample_rate_hz', 'required parameter is missing'],
      [7, 1, 'instruments.a.rate', 'unknown key "rate" (ignored)'],
    ]);
  });

  it('bad id pattern, at the header, saying what an id may hold', () => {
    expect(where(issuesOf(doc('[instruments."pm one"]', 'type = "mock"', 'sample_rate_hz = 1')))).toEqual([
      [5, 1, 'instruments.pm one', 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -'],
    ]);
  });

  it('processors for a missing instrument', () => {
    expect(where(issuesOf(doc('[processors]', 'ghost = [ { type = "iir", filter_type = "Lowpass", f0 = 1.0, fs = 10.0 } ]')))).toEqual([
      [6, 1, 'processors.ghost', 'no instrument "ghost" for these processors'],
    ]);
  });

  it('processors as an array of tables are located at their header', () => {
    const issues = issuesOf(doc('[[processors.ghost]]', 'type = "iir"', 'filter_type = "Lowpass"', 'f0 = -1.0', 'fs = 10.0'));
    expect(where(issues)).toEqual([
      [5, 1, 'processors.ghost', 'no instrument "ghost" for these processors'],
      [8, 1, 'processors.ghost[0].f0', expect.stringContaining('>=0.000001')],
    ]);
  });

  it('role pointing at a missing instrument, role given to an incapable instrument, unknown role', () => {
    const issues = issuesOf(
      doc(
        '[instruments.sig]',
        'type = "mock"',
        'sample_rate_hz = 1',
        '[modules.scan]',
        'type = "polarization_scan"',
        '[modules.scan.roles]',
        'rotator = "nobody"',
        'detector = "sig"',
        'spotlight = "sig"',
      ),
    );
    expect(where(issues)).toEqual([
      [11, 1, 'modules.scan.roles.rotator', 'role "rotator" points at instrument "nobody", which does not exist'],
      [12, 1, 'modules.scan.roles.detector', 'role "detector" needs power measurement, which instrument "sig" (mock) does not offer'],
      [13, 1, 'modules.scan.roles.spotlight', 'module type polarization_scan has no role "spotlight" (roles: rotator, detector, laser)'],
    ]);
  });

  it('unknown module type, at `type`', () => {
    expect(where(issuesOf(doc('[modules.spec]', 'type = "spectrometer"')))).toEqual([
      [6, 1, 'modules.spec.type', expect.stringMatching(/^unknown module type "spectrometer" \(known: power_meter, /)],
    ]);
  });

  it('a module defined only by its roles table: missing type at that header', () => {
    expect(where(issuesOf(doc('[modules.m.roles]', 'camera = "cam"')))).toEqual([
      [5, 1, 'modules.m.type', 'missing `type` (the module type)'],
    ]);
  });

  it('dotted keys: a bad value at its key, a missing key at the first key that defines the table', () => {
    const issues = issuesOf(
      doc('[instruments]', 'a.type = "mock"', 'a.name = "A"', 'b.type = "mock"', 'b.sample_rate_hz = -1.0', 'instruments2.x = 1'),
    );
    expect(where(issues)).toEqual([
      [6, 1, 'instruments.a.sample_rate_hz', 'required parameter is missing'],
      [9, 1, 'instruments.b.sample_rate_hz', 'out of range (0.1..1000000 Hz)'],
      [10, 1, 'instruments.instruments2.type', 'missing `type` (the instrument type)'],
    ]);
    const root = ['log_level = "info"', 'instruments.top.type = "mock"', 'instruments.low.type = "mock"', 'instruments.low.sample_rate_hz = 0.0'];
    expect(where(issuesOf([...root, '[application]', '[storage]', 'default_path = "d"'].join('\n')))).toEqual([
      [2, 1, 'instruments.top.sample_rate_hz', 'required parameter is missing'],
      [4, 1, 'instruments.low.sample_rate_hz', 'out of range (0.1..1000000 Hz)'],
    ]);
  });

  it('inline tables: a bad value at its key inside the braces, a missing key at the table key', () => {
    const issues = issuesOf(
      doc('[instruments]', 'a = { type = "mock", sample_rate_hz = 2e9 }', 'b = { type = "mock" }', 'c = { type = "mock", sample_rate_hz = 1, axis = { x = 1 } }'),
    );
    expect(where(issues)).toEqual([
      [6, 22, 'instruments.a.sample_rate_hz', 'out of range (0.1..1000000 Hz)'],
      [7, 1, 'instruments.b.sample_rate_hz', 'required parameter is missing'],
      [8, 42, 'instruments.c.axis', 'unknown key "axis" (ignored)'],
    ]);
    expect(loadConfigText(doc('[instruments]', 'c = { type = "mock", sample_rate_hz = 1, axis = { x = 1 } }'), 'f').ok).toBe(true);
  });

  it('sorts issues by line, then column', () => {
    const issues = issuesOf(
      [
        'log_level = "loud"',
        '[application]',
        'broadcast_channel_capacity = 1',
        '[storage]',
        'default_path = ""',
        '[modules.m]',
        'type = "camera"',
        'frames = 0',
        'roles = { camera = "x", stage = "y" }',
        '[instruments.z]',
        'type = "nope"',
      ].join('\n'),
    );
    expect(where(issues).map(([l, c, p]) => [l, c, p])).toEqual([
      [1, 1, 'log_level'],
      [3, 1, 'application.broadcast_channel_capacity'],
      [5, 1, 'storage.default_path'],
      [8, 1, 'modules.m.frames'],
      [9, 11, 'modules.m.roles.camera'],
      [9, 25, 'modules.m.roles.stage'],
      [11, 1, 'instruments.z.type'],
    ]);
    for (const issue of issues) expect(issue.severity).toBe('error');
  });
});

describe('parseTomlText and locateKeyPath', () => {
  it('decodes as the file writer does: date/times as their TOML text, integers as numbers', () => {
    const r = parseTomlText('d = 1979-05-27T07:32:00Z\nn = 9007199254740991\nlist = [1979-05-27, 07:32:00]\n', 'x.toml');
    expect(r.ok && r.doc.value).toEqual({ d: '1979-05-27T07:32:00Z', n: 9007199254740991, list: ['1979-05-27', '07:32:00'] });
  });

  it('locates keys inside arrays of inline tables by index', () => {
    const r = parseTomlText('[processors]\npm = [\n  { type = "iir" },\n  { type = "fft", window_size = 3 },\n]\n', 'x.toml');
    if (!r.ok) throw new Error('parse failed');
    expect(locateKeyPath(r.doc.ast, ['processors', 'pm', 1, 'window_size']).start).toEqual({ line: 4, column: 18 });
    expect(locateKeyPath(r.doc.ast, ['processors', 'pm', 1]).start).toEqual({ line: 4, column: 2 });
    expect(locateKeyPath(r.doc.ast, ['processors', 'pm']).start).toEqual({ line: 2, column: 0 });
    expect(locateKeyPath(r.doc.ast, ['elsewhere']).start).toEqual({ line: 1, column: 0 });
    expect(locateKeyPath(r.doc.ast, []).start).toEqual({ line: 1, column: 0 });
  });

  it('prefers a table header over a sibling that only shares a prefix', () => {
    const r = parseTomlText('[a.b.c]\nx = 1\n[a.b]\ny = 2\n', 'x.toml');
    if (!r.ok) throw new Error('parse failed');
    expect(locateKeyPath(r.doc.ast, ['a', 'b', 'missing']).start.line).toBe(3);
    expect(locateKeyPath(r.doc.ast, ['a', 'b', 'c', 'missing']).start.line).toBe(1);
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daq-loader-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file and returns its text', async () => {
    const file = join(dir, 'ok.toml');
    await writeFile(file, doc());
    const r = await loadConfigFile(file);
    expect(r.ok).toBe(true);
    expect(r.text).toBe(doc());
  });

  it('reports issues with the file path', async () => {
    const file = join(dir, 'bad.toml');
    await writeFile(file, doc('[instruments.a]', 'type = "mock"'));
    const r = await loadConfigFile(file);
    expect(r.ok ? [] : r.issues.map((i) => [i.file, i.line, i.column])).toEqual([[file, 5, 1]]);
  });

  it('a missing file is an issue at 1:1', async () => {
    const file = join(dir, 'absent.toml');
    expect(await loadConfigFile(file)).toEqual({
      ok: false,
      issues: [{ file, line: 1, column: 1, path: '', message: 'config file not found', severity: 'error' }],
    });
  });

  it('a path that is not a file (a folder) is an issue saying what it is', async () => {
    const r = await loadConfigFile(dir);
    expect(r.ok ? [] : where(r.issues)).toEqual([[1, 1, '', 'the config path is a directory, not a regular file']]);
  });
});

describe('the loader parses like the writer', () => {
  it('refuses a lone carriage return, which the file writer could never edit', () => {
    const r = loadConfigText('log_level = "info"\r[application]\n[storage]\ndefault_path = "d"\n', 'cr.toml');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ line: 1, message: expect.stringContaining('carriage return not followed by a line feed') });
  });

  it('loads a file that starts with a byte order mark', () => {
    const r = loadConfigText('\uFEFFlog_level = "info"\n[application]\n[storage]\ndefault_path = "d"\n', 'bom.toml');
    expect(r.ok).toBe(true);
  });
});
