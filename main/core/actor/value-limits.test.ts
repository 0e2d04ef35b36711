/**
 * Values a config file cannot hold, or should not: refused up front with VALIDATION rather than
 * kept in memory while the file says otherwise. Strings with an unpaired surrogate (no UTF-8
 * form) and strings past the parameter limit are refused; a long string within it is written
 * and loads again; an integer -0 is written as 0; an elliptec bus needs an address; log lines
 * that quote a long value are cut.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_PARAM_STRING_CHARS } from '../../../shared/model/parameters.js';
import { LOG_MESSAGE_CHARS } from './core-context.js';
import { BASE, BENCH, FakeDevice, newport, ok, refused, settings, startCore } from './test-support/test-kit.js';

const SURROGATE = 'contains an unpaired UTF-16 surrogate, which a UTF-8 file cannot hold';

describe('strings the file cannot hold', () => {
  it('an unpaired surrogate is refused in an update and in a new instrument; memory and file keep the old value', async () => {
    const h = await startCore(BENCH);
    const before = await readFile(h.configPath, 'utf8');
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: 'Cam\ud800' }, 'VALIDATION');
    expect(err.message).toBe(`invalid value for "name": ${SURROGATE}`);
    const add = await refused(h, 'AddInstrumentDynamic', { id: 'cam', config: { type: 'mock', sample_rate_hz: 1, name: '\udc00x' } }, 'VALIDATION');
    expect(add.details).toMatchObject({ issues: [{ path: 'name', message: SURROGATE }] });
    const visa = await refused(h, 'AddInstrumentDynamic', { id: 'dmm', config: { type: 'visa_instrument', resource_string: 'TCPIP0::10.0.0.1::INSTR', queries: { ['v\ud800']: 'MEAS?' } } }, 'VALIDATION');
    expect(visa.message).toContain(SURROGATE);
    expect((await settings(h)).instruments['sig']?.['name']).toBe('Signal');
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
  });

  it(`a string past ${MAX_PARAM_STRING_CHARS} characters is refused; one at the limit is written and loads again`, async () => {
    const h = await startCore(BENCH);
    const err = await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: 'x'.repeat(MAX_PARAM_STRING_CHARS + 1) }, 'VALIDATION');
    expect(err.message).toBe(`invalid value for "name": must be at most ${MAX_PARAM_STRING_CHARS} characters long`);
    await refused(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: 'x'.repeat(1_000_000) }, 'VALIDATION');
    await refused(h, 'AddInstrumentDynamic', { id: 'big', config: { type: 'mock', sample_rate_hz: 1, name: 'x'.repeat(200_000) } }, 'VALIDATION');
    const long = 'é"\\\n'.repeat(MAX_PARAM_STRING_CHARS / 4);
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: long });
    expect(r.persisted).toBe(true);
    const again = await startCore({ copyOf: h.configPath });
    expect((await settings(again)).instruments['sig']?.['name'] === long).toBe(true);
  });

  it(`log lines quoting a long value are cut at ${LOG_MESSAGE_CHARS} characters, saying how long they were`, async () => {
    const h = await startCore(BENCH);
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'name', value: 'y'.repeat(60_000) });
    const line = h.logs.find((l) => l.message.startsWith('sig.name'));
    expect(line?.message).toMatch(new RegExp(`^sig\\.name → "y{${LOG_MESSAGE_CHARS - 12}}… \\(\\d+ characters\\)$`));
    expect(h.logs.every((l) => l.message.length < LOG_MESSAGE_CHARS + 40)).toBe(true);
  });
});

describe('numbers and arrays', () => {
  it('an integer set to -0 is written as 0, not as the float -0.0', async () => {
    const h = await startCore(BASE, { drivers: { newport_1830c: new FakeDevice() } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport({ range: 3 }) });
    const r = await ok(h, 'UpdateInstrumentParameter', { id: 'meter', param: 'range', value: -0 });
    expect(Object.is(r.instrument.config['range'], 0)).toBe(true);
    expect(await readFile(h.configPath, 'utf8')).toMatch(/^range = 0$/m);
    await ok(h, 'AddInstrumentDynamic', { id: 'meter2', config: newport({ port: '/dev/ttyUSB1', range: -0 }) });
    expect(await readFile(h.configPath, 'utf8')).toMatch(/\[instruments\.meter2\][^[]*\nrange = 0\n/);
  });

  it('an elliptec bus with no address is refused', async () => {
    const h = await startCore(BASE, { drivers: { elliptec: new FakeDevice() } });
    const err = await refused(h, 'AddInstrumentDynamic', { id: 'rot', config: { type: 'elliptec', port: '/dev/ttyUSB0', device_addresses: [] } }, 'VALIDATION');
    expect(err.details).toMatchObject({ issues: [{ path: 'device_addresses', message: 'needs at least one value' }] });
    await ok(h, 'AddInstrumentDynamic', { id: 'rot', config: { type: 'elliptec', port: '/dev/ttyUSB0', device_addresses: [0] } });
    await refused(h, 'UpdateInstrumentParameter', { id: 'rot', param: 'device_addresses', value: [] }, 'VALIDATION');
  });
});

describe('processor settings and readings', () => {
  it('refuses biquad settings whose coefficients cannot be computed, so no reading becomes NaN', async () => {
    const h = await startCore(BASE);
    for (const extreme of [{ q: 9e-323 }, { f0: 5e-324 }, { fs: 1.7e308, f0: 1 }]) {
      const processors = [{ type: 'iir', filter_type: 'Highpass', f0: 1, fs: 5, ...extreme }];
      await refused(h, 'AddInstrumentDynamic', { id: 'p', config: { type: 'mock', sample_rate_hz: 50 }, processors, persist: false }, 'VALIDATION');
    }
  });

  it('does not send back a large refused value', async () => {
    const h = await startCore(BASE);
    await ok(h, 'AddInstrumentDynamic', { id: 'p', config: { type: 'mock', sample_rate_hz: 5 }, persist: false });
    const error = await refused(h, 'UpdateInstrumentParameter', { id: 'p', param: 'sample_rate_hz', value: 'x'.repeat(100_000) }, 'VALIDATION');
    expect(JSON.stringify(error).length).toBeLessThan(2000);
  });
});
