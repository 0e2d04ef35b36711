/**
 * The writer's check as the core wires it (ConfigLoads.firstError): a write that only sets
 * values is judged from the load of the text it edited, never by loading the whole file again;
 * what it remembers for the written text is exactly what a full load gives; and a value that
 * does not fit still gets the full load's located refusal, with the file left as it was.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_CONFIG_BYTES } from '../config/config-file.js';
import * as loader from '../config/loader.js';
import { BENCH, ok, startCore } from '../actor/test-support/test-kit.js';
import { ConfigWriter } from '../persistence/index.js';
import { tomlFloat } from '../toml-edit/index.js';
import { contentHash } from '../persistence/write-ledger.js';
import { ConfigLoads } from './config-loads.js';

vi.mock('../config/loader.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../config/loader.js')>();
  return { ...real, loadConfigText: vi.fn(real.loadConfigText) };
});

function bench(count: number): string {
  let text = 'log_level = "info"\n\n[application]\n\n[storage]\ndefault_path = "data"\n';
  for (let i = 0; i < count; i += 1) text += `\n# source ${i}\n[instruments.src_${i}]\ntype = "mock"\nsample_rate_hz = 10.0\namplitude = 1.5\n`;
  text += '\n[instruments.pm]\ntype = "newport_1830c"\nport = "sim://newport_1830c/a"\nwavelength = 800.0\n';
  text += '\n[instruments.pm2]\ntype = "newport_1830c"\nport = "sim://newport_1830c/b"\nwavelength = 800.0\n';
  return text;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-config-loads-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A writer on a fresh file with the app's check, its start-up load noted as the core does. */
async function start(name: string, text: string): Promise<{ path: string; loads: ConfigLoads; writer: ConfigWriter }> {
  const path = join(dir, name);
  await writeFile(path, text);
  const loads = new ConfigLoads();
  const first = loader.loadConfigText(text, path);
  if (!first.ok) throw new Error('fixture does not load');
  loads.note(text, path, first.config, first.doc.value);
  const writer = new ConfigWriter(path, () => Date.now(), undefined, {}, loads.firstError);
  writer.ledger.record(contentHash(text));
  return { path, loads, writer };
}

describe('the app check of a write that sets values', () => {
  it('loads no whole file, and remembers what a full load of the written text gives', async () => {
    const { path, loads, writer } = await start('sets.toml', bench(300));
    const fullLoads = vi.mocked(loader.loadConfigText);
    const perWrite: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      fullLoads.mockClear();
      const r = await writer.write([
        // Float parameters come as the app sends them: written as floats.
        { kind: 'set', path: ['instruments', `src_${i * 50}`, 'amplitude'], value: tomlFloat(2.25 + i), marker: true },
        { kind: 'set', path: ['instruments', 'pm', 'wavelength'], value: tomlFloat(700 + i), marker: false },
      ]);
      expect(r.persisted).toBe(true);
      perWrite.push(fullLoads.mock.calls.length);
    }
    expect(perWrite).toEqual([0, 0, 0, 0, 0]);
    const written = await readFile(path, 'utf8');
    const full = loader.loadConfigText(written, path);
    expect(full.ok).toBe(true);
    expect(loads.load(written, path)).toEqual({ ok: true, config: full.ok ? full.config : undefined });
    expect(loads.decodedOf(written, path)).toEqual(full.ok ? full.doc.value : undefined);
  });

  it('in the running core, a parameter update (a float, as the app sends it) loads no whole file', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const fullLoads = vi.mocked(loader.loadConfigText);
    for (const value of [7.5, 8, 12.25]) {
      fullLoads.mockClear();
      expect(await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value })).toMatchObject({ persisted: true });
      expect(fullLoads).not.toHaveBeenCalled();
    }
    expect(await readFile(h.configPath, 'utf8')).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 12\.25/);
  });

  it('refuses a write that would make the file too large to be read back, and leaves the file as it was', async () => {
    const head = 'log_level = "info"\n\n[application]\n\n[storage]\ndefault_path = "data"\n\n[instruments.src]\ntype = "mock"\nname = "s"\nsample_rate_hz = 10.0\namplitude = 1.5\n';
    const text = `${head}# ${'x'.repeat(MAX_CONFIG_BYTES - head.length - 2000)}\n`;
    const { path, writer } = await start('large.toml', text);
    const fits = await writer.write([{ kind: 'set', path: ['instruments', 'src', 'name'], value: 'n'.repeat(500), marker: false }]);
    expect(fits.persisted).toBe(true);
    const r = await writer.write([{ kind: 'set', path: ['instruments', 'src', 'name'], value: 'n'.repeat(2000), marker: false }]);
    expect(r.persistError?.message).toMatch(/it would make the file invalid \(1:1: the file would be \d+ bytes, over the 10 MiB a config file is read with\)/);
    expect((await readFile(path, 'utf8')).length).toBe(text.length + 499);
  });

  it.each([
    ['a value its parameter refuses', ['instruments', 'src_3', 'amplitude'], 'loud', /^cannot write .*: set instruments\.src_3\.amplitude was not written: it would make the file invalid \(\d+:\d+: .+\(instruments\.src_3\.amplitude\)\)$/],
    ['a port another instrument owns', ['instruments', 'pm2', 'port'], 'sim://newport_1830c/a', /it would make the file invalid \(\d+:\d+: instruments "pm" and "pm2" both use serial port .*\(instruments\.pm2\.port\)\)/],
  ])('refuses %s with the full load’s located reason, and leaves the file as it was', async (_what, path, value, message) => {
    const text = bench(20);
    const { path: file, writer } = await start(`refused-${String(value).length}.toml`, text);
    const r = await writer.write([{ kind: 'set', path: path as string[], value, marker: true }]);
    expect(r.persisted).toBe(false);
    expect(r.persistError?.message).toMatch(message);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
