/**
 * UpdateInstrumentParameters: several parameters of one instrument as one change, one restart
 * at most and one file write; a value that does not fit, or one that changed since the caller
 * looked, changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../shared/ipc/contract.js';
import { ConfigWriter } from '../persistence/config-writer.js';
import { BASE, BENCH, FakeDevice, newport, ok, refused, settings, startCore, stateBatches } from './test-support/test-kit.js';

afterEach(() => vi.restoreAllMocks());

/** Counts the writer's writes from now on; each is one guarded replace of the file. */
function countWrites(): () => number {
  const write = vi.spyOn(ConfigWriter.prototype, 'write');
  return () => write.mock.calls.length;
}

describe('UpdateInstrumentParameters', () => {
  it('two live parameters: both applied, one file write holding both, one batch of events', async () => {
    const h = await startCore(BENCH);
    const before = await readFile(h.configPath, 'utf8');
    const writes = countWrites();
    const from = h.batches.length;
    const r = await ok(h, 'UpdateInstrumentParameters', { id: 'sig', values: { sample_rate_hz: 20, amplitude: 2.5 } });
    expect(r).toMatchObject({ applied: 'live', persisted: true, instrument: { config: { sample_rate_hz: 20, amplitude: 2.5 } } });
    expect(writes()).toBe(1);
    const text = await readFile(h.configPath, 'utf8');
    expect(text).toContain('sample_rate_hz = 20.0\n');
    // Only the two values changed: the amplitude line is new, every other line is as it was.
    expect(text.replace('sample_rate_hz = 20.0\namplitude = 2.5\n', 'sample_rate_hz = 10.0\n')).toBe(before);
    expect((await settings(h)).instruments['sig']).toMatchObject({ sample_rate_hz: 20, amplitude: 2.5 });
    expect(stateBatches(h, from).filter((b) => b.events.some((e) => e.type === 'instruments:instrument-changed'))).toHaveLength(1);
    expect(h.logs.at(-1)?.message).toBe('sig: sample_rate_hz → 20, amplitude → 2.5 (live)');
  });

  it('one parameter at a time writes once per parameter (the difference the command makes)', async () => {
    const h = await startCore(BENCH);
    const writes = countWrites();
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 20 });
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 2.5 });
    expect(writes()).toBe(2);
  });

  it('a live and a restart parameter: one restart with both, the driver takes nothing live', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport({ wavelength: 800 }) });
    const r = await ok(h, 'UpdateInstrumentParameters', { id: 'meter', values: { wavelength: 780, baud_rate: 19200 } });
    expect(r.applied).toBe('restart');
    expect(dev.applied).toEqual([]);
    expect(dev.connects.map((c) => c.config)).toEqual([newport({ wavelength: 800 }), newport({ wavelength: 780, baud_rate: 19200 })]);
  });

  it('one value out of range: VALIDATION naming it, nothing applied or written', async () => {
    const dev = new FakeDevice();
    const h = await startCore(BASE, { drivers: { newport_1830c: dev } });
    await ok(h, 'AddInstrumentDynamic', { id: 'meter', config: newport({ wavelength: 800 }) });
    const before = await readFile(h.configPath, 'utf8');
    const writes = countWrites();
    const err = await refused(h, 'UpdateInstrumentParameters', { id: 'meter', values: { wavelength: 780, filter: 7 } }, 'VALIDATION');
    expect(err.message).toBe('invalid value for "filter": must be one of 1, 2, 3');
    await refused(h, 'UpdateInstrumentParameters', { id: 'meter', values: { wavelength: 780, colour: 1 } }, 'VALIDATION');
    await refused(h, 'UpdateInstrumentParameters', { id: 'ghost', values: { wavelength: 780 } }, 'NOT_FOUND');
    expect(writes()).toBe(0);
    expect(dev.applied).toEqual([]);
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
    expect((await settings(h)).instruments['meter']).toEqual(newport({ wavelength: 800 }));
  });

  it('a value that changed since the caller looked: CONFLICT with what it is now, nothing changed', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 4 });
    const writes = countWrites();
    const err = await refused(
      h,
      'UpdateInstrumentParameters',
      { id: 'sig', values: { amplitude: 2, sample_rate_hz: 20 }, expected: { amplitude: 1, sample_rate_hz: 10 } },
      'CONFLICT',
    );
    expect(err.message).toBe('instrument "sig" changed meanwhile (amplitude is now 4); nothing was changed');
    expect(err.details).toEqual({ id: 'sig', changed: [{ param: 'amplitude', expected: 1, actual: 4 }] });
    expect(writes()).toBe(0);
    expect((await settings(h)).instruments['sig']).toMatchObject({ amplitude: 4, sample_rate_hz: 10 });
    // What the caller saw, absent from the file included (null), lets the change through.
    await ok(h, 'UpdateInstrumentParameters', { id: 'sig', values: { amplitude: 2, offset: 0.5 }, expected: { amplitude: 4, offset: null } });
    expect((await settings(h)).instruments['sig']).toMatchObject({ amplitude: 2, offset: 0.5 });
  });

  it('asks for one to 200 parameters', () => {
    const request = commands.UpdateInstrumentParameters.request;
    expect(request.safeParse({ id: 'sig', values: {} }).success).toBe(false);
    expect(request.safeParse({ id: 'sig', values: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`p${i}`, 1])) }).success).toBe(false);
    expect(request.safeParse({ id: 'sig', values: { amplitude: null } }).success).toBe(false);
    expect(request.safeParse({ id: 'sig', values: { amplitude: 1 }, expected: { amplitude: null } }).success).toBe(true);
  });
});
