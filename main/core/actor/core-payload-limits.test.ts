/**
 * Hostile payloads at the one door every transport goes through (`Core.call`): nesting, size,
 * `null` and prototype-named keys are refused with VALIDATION before the contract's schemas
 * run, the core keeps answering, and the config file is left alone.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { payloadLimits } from '../../../shared/ipc/contract.js';
import { commandNames } from '../../../shared/ipc/command-names.js';
import { BENCH, ok, refused, startCore } from './test-support/test-kit.js';

/** `{"a":{"a":…1…}}` nested `depth` deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

const mockConfig = { type: 'mock', sample_rate_hz: 5 };

describe('nesting and size limits', () => {
  it.each([1_500, 200_000])('refuses a value nested %i deep with VALIDATION naming the limit, and keeps answering', async (depth) => {
    const h = await startCore(BENCH);
    const before = await readFile(h.configPath, 'utf8');
    const error = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: nested(depth) }, 'VALIDATION');
    expect(error.message).toContain(`deeper than ${payloadLimits.maxDepth}`);
    expect(error.details).toMatchObject({ issues: [{ path: expect.stringMatching(/^value(\.a)+$/) }] });
    await ok(h, 'GetAppState', {});
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
  });

  it('the same nesting arriving as JSON text (the CLI and the socket parse it first)', async () => {
    const h = await startCore(BENCH);
    const text = `{"id":"sig","param":"amplitude","value":${'['.repeat(1_500)}${']'.repeat(1_500)}}`;
    const error = await refused(h, 'UpdateInstrumentParameter', JSON.parse(text), 'VALIDATION');
    expect(error.message).toContain(`deeper than ${payloadLimits.maxDepth}`);
  });

  it('accepts nesting up to the limit (the schemas decide on the rest)', async () => {
    const h = await startCore(BENCH);
    // The payload object itself is level 1, `value` adds the rest.
    const error = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: nested(payloadLimits.maxDepth - 1) }, 'VALIDATION');
    expect(error.message).not.toContain('deeper than');
  });

  it('refuses more keys and elements than the limit, in all', async () => {
    const h = await startCore(BENCH);
    const confirmModules = Array.from({ length: payloadLimits.maxEntries + 1 }, () => 'watch');
    const error = await refused(h, 'RemoveInstrumentCascade', { id: 'pm', confirmModules }, 'VALIDATION');
    expect(error.message).toContain(`more than ${payloadLimits.maxEntries} keys and elements`);
    const wide = Object.fromEntries(Array.from({ length: payloadLimits.maxEntries + 1 }, (_, i) => [`k${i}`, i]));
    expect((await refused(h, 'GetAppState', wide, 'VALIDATION')).message).toContain(`more than ${payloadLimits.maxEntries}`);
  });

  it('refuses strings and keys longer than the limit', async () => {
    const h = await startCore(BENCH);
    const long = 'x'.repeat(payloadLimits.maxStringLength + 1);
    const error = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: long }, 'VALIDATION');
    expect(error.message).toContain(`longer than ${payloadLimits.maxStringLength} characters`);
    expect(error.details).toMatchObject({ issues: [{ path: 'value' }] });
    expect((await refused(h, 'GetAppState', { [long]: 1 }, 'VALIDATION')).message).toContain('key longer than');
  });

  it('a real payload of the biggest kind the contract allows is not caught by the limits', async () => {
    const h = await startCore(BENCH);
    const error = await refused(h, 'RemoveInstrumentCascade', { id: 'pm', confirmModules: Array.from({ length: 1000 }, (_, i) => `m${i}`) }, 'CONFLICT');
    expect(error.message).not.toContain('limit');
  });

  it('refuses a payload that refers to itself (IPC structured clone can carry cycles)', async () => {
    const h = await startCore(BENCH);
    const cyclic: Record<string, unknown> = { id: 'sig' };
    cyclic['self'] = cyclic;
    expect((await refused(h, 'StartModule', cyclic, 'VALIDATION')).message).toContain('deeper than');
  });

  it('refuses values JSON cannot carry that IPC can (Map, BigInt, Date)', async () => {
    const h = await startCore(BENCH);
    for (const value of [new Map([['a', 1]]), 10n, new Date(0)]) {
      const error = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value }, 'VALIDATION');
      expect(error.message).toMatch(/value: not JSON data/);
    }
  });
});

describe('null and missing payloads', () => {
  it.each(commandNames)('%s: null is VALIDATION, not an empty request', async (name) => {
    const h = await startCore(BENCH);
    const error = await refused(h, name, null, 'VALIDATION');
    expect(error.message).toContain('null');
  });

  it('no payload at all still means an empty request', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'GetAppState', undefined);
    await refused(h, 'StartModule', undefined, 'VALIDATION');
  });
});

describe('prototype-named keys', () => {
  const protoKeys = ['__proto__', 'constructor', 'prototype'] as const;

  it.each(protoKeys)('refuses "%s" inside an added instrument\'s config, naming the key path; nothing is added', async (key) => {
    const h = await startCore(BENCH);
    const before = await readFile(h.configPath, 'utf8');
    // JSON.parse makes `__proto__` an own key, as the socket and the CLI receive it.
    const payload = JSON.parse(`{"id":"probe","config":{"type":"mock","sample_rate_hz":5,"${key}":{"polluted":true}}}`) as unknown;
    const error = await refused(h, 'AddInstrumentDynamic', payload, 'VALIDATION');
    expect(error.message).toContain(`config.${key}`);
    expect(error.details).toMatchObject({ issues: [{ path: `config.${key}` }] });
    expect((await ok(h, 'ListInstruments', {})).instruments.map((i) => i.id)).not.toContain('probe');
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['the top level', '{"__proto__":{},"id":"sig"}', 'StartModule', '__proto__'],
    ['a processor in a list', `{"id":"p2","config":${JSON.stringify(mockConfig)},"processors":[{"type":"fft","window_size":8,"overlap":0,"sampling_rate":5,"constructor":1}]}`, 'AddInstrumentDynamic', 'processors.0.constructor'],
    ['a parameter value', '{"id":"sig","param":"amplitude","value":{"x":{"prototype":1}}}', 'UpdateInstrumentParameter', 'value.x.prototype'],
  ] as const)('refuses one in %s', async (_where, text, name, path) => {
    const h = await startCore(BENCH);
    const error = await refused(h, name, JSON.parse(text), 'VALIDATION');
    expect(error.message).toContain(path);
  });

  it('refuses an own toString or valueOf, which made the schema check itself throw (an INTERNAL answer)', async () => {
    const h = await startCore(BENCH);
    const payload = JSON.parse('{"id":"pm","confirmModules":{"length":{"toString":1,"valueOf":{}}}}') as unknown;
    const error = await refused(h, 'RemoveInstrumentCascade', payload, 'VALIDATION');
    expect(error.message).toContain('confirmModules.length.toString');
  });

  it('leaves prototype names as string values to the id rules (the key check is about keys)', async () => {
    const h = await startCore(BENCH);
    for (const [name, payload] of [['StartModule', { id: '__proto__' }], ['GetInstrumentDependencies', { id: 'constructor' }]] as const) {
      const r = await h.core.call(name, payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).not.toMatch(/key "\w+" is not allowed/);
    }
  });
});
