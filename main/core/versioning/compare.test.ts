/**
 * Comparing with remembered loads: the answers are exactly those of loading both texts afresh,
 * a version file edited by hand is compared by what it holds now, and a text the app wrote is
 * never parsed again when it is compared.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as config from '../config/index.js';
import { BENCH, ok, startCore } from '../actor/test-support/test-kit.js';
import { compareTexts } from './compare.js';
import { ConfigLoads } from './config-loads.js';

const FILE = 'bench.toml';
const retuned = BENCH.replace('sample_rate_hz = 50.0', 'sample_rate_hz = 20.0').replace('[instruments.sig]', '[instruments.sig2]');
const broken = BENCH.replace('power_meter = "pm"', 'power_meter = "gone"');

describe('remembered loads', () => {
  it('answer every comparison exactly as fresh loads do', () => {
    const loads = new ConfigLoads();
    const pairs: [string, string][] = [
      [BENCH, retuned],
      [retuned, BENCH],
      [BENCH, broken],
      [broken, retuned],
      [BENCH, BENCH],
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const [a, b] of pairs) expect(compareTexts('a', a, 'b', b, FILE, loads)).toEqual(compareTexts('a', a, 'b', b, FILE));
    }
  });

  it('word the writer check as the loader does, and keep what they remember from being changed', () => {
    const loads = new ConfigLoads();
    expect(loads.firstError(broken, FILE)).toBe(config.firstConfigError(broken, FILE));
    expect(loads.firstError('[[[', FILE)).toBe(config.firstConfigError('[[[', FILE));
    expect(loads.firstError(BENCH, FILE)).toBeUndefined();
    const loaded = loads.load(BENCH, FILE);
    expect(loads.load(BENCH, FILE)).toBe(loaded);
    expect(loaded.ok && Object.isFrozen(loaded.config.instruments['pm'])).toBe(true);
  });

  it('forget the least recently used text first', () => {
    const loads = new ConfigLoads();
    const texts = Array.from({ length: 9 }, (_, i) => `${BENCH}# ${i}\n`);
    const outcomes = texts.slice(0, 8).map((text) => loads.load(text, FILE));
    expect(loads.load(texts[0]!, FILE)).toBe(outcomes[0]);
    // Eight are kept: the ninth text pushes out the second, as the first was just used.
    loads.load(texts[8]!, FILE);
    expect(loads.load(texts[0]!, FILE)).toBe(outcomes[0]);
    expect(loads.load(texts[2]!, FILE)).toBe(outcomes[2]);
    expect(loads.load(texts[1]!, FILE)).not.toBe(outcomes[1]);
  });
});

describe('CompareConfigVersions', () => {
  it('compares a version edited by hand by what it holds now', async () => {
    const h = await startCore(BENCH);
    const { versionId } = await ok(h, 'CreateConfigSnapshot', {});
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 20 });
    const before = await ok(h, 'CompareConfigVersions', { versionA: versionId, versionB: 'current' });
    expect(before.summary.text).toBe('pm.sample_rate_hz 50 → 20');
    const file = join(dirname(h.configPath), '.daq', 'config_versions', 'daq.toml', versionId.split('/')[1]!);
    await writeFile(file, (await readFile(file, 'utf8')).replace('sample_rate_hz = 50.0', 'sample_rate_hz = 30.0'));
    const after = await ok(h, 'CompareConfigVersions', { versionA: versionId, versionB: 'current' });
    expect(after.summary.text).toBe('pm.sample_rate_hz 30 → 20');
  });

  it('parses no text the app wrote itself', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 20 });
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 30 });
    const [newest] = (await ok(h, 'ListConfigVersions', {})).versions;
    const load = vi.spyOn(config, 'loadConfigText');
    try {
      const { summary } = await ok(h, 'CompareConfigVersions', { versionA: newest!.versionId, versionB: 'current' });
      expect(summary.text).toBe('pm.sample_rate_hz 20 → 30');
      expect(load).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
    }
  });

  it('parses neither side when comparing the file the app started on, or a hand edit it took in', async () => {
    const h = await startCore(BENCH);
    await ok(h, 'CreateConfigSnapshot', { label: 'as-started' });
    const [started] = (await ok(h, 'ListConfigVersions', {})).versions;
    const load = vi.spyOn(config, 'loadConfigText');
    try {
      expect((await ok(h, 'CompareConfigVersions', { versionA: started!.versionId, versionB: 'current' })).summary.text).toBe('no changes');
      expect(load).not.toHaveBeenCalled();
      // Taken in from the file: the reload loads it once, the comparison not again.
      await writeFile(h.configPath, BENCH.replace('sample_rate_hz = 50.0', 'sample_rate_hz = 25.0'));
      await ok(h, 'ReloadConfig', {});
      const loadsByReload = load.mock.calls.length;
      expect((await ok(h, 'CompareConfigVersions', { versionA: started!.versionId, versionB: 'current' })).summary.text).toBe('pm.sample_rate_hz 50 → 25');
      expect(load).toHaveBeenCalledTimes(loadsByReload);
    } finally {
      load.mockRestore();
    }
  });
});
