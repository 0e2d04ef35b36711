/**
 * A transaction commit as a technician's change set: ten operations on mock instruments
 * (adds, parameter updates, a role assignment), validated and committed through the pipeline
 * with the durable write of the config file. Goal: p95 < 50 ms (the spec asks < 500 ms).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../main/core/index.js';
import { summarise, type Summary } from './stats.js';

const baseConfig = `log_level = "info"
[application]
[storage]
default_path = "data_output"

[instruments.pm]
type = "mock"
profile = "power_meter"
sample_rate_hz = 10.0

[instruments.sig]
type = "mock"
sample_rate_hz = 10.0

${[0, 1, 2].map((k) => `[instruments.seed_${k}]\ntype = "mock"\nprofile = "power_meter"\nsample_rate_hz = 10.0\n`).join('\n')}
[modules.watch]
type = "power_meter"
[modules.watch.roles]
power_meter = "seed_0"
`;

async function must<T>(result: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`benchmark command failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/**
 * Stages ten operations that keep the config at its size: a role moved to a new power meter,
 * three instruments added, the three of the previous round removed, three parameters changed.
 */
async function stageTen(core: Core, transactionId: string, round: number): Promise<void> {
  for (let k = 0; k < 3; k += 1) {
    await must(core.call('StageInstrumentAdd', { transactionId, id: `r${round}_${k}`, config: { type: 'mock', profile: 'power_meter', sample_rate_hz: 10 } }));
  }
  await must(core.call('StageModuleAssign', { transactionId, moduleId: 'watch', role: 'power_meter', instrumentId: `r${round}_0` }));
  for (let k = 0; k < 3; k += 1) {
    const id = round === 0 ? `seed_${k}` : `r${round - 1}_${k}`;
    await must(core.call('StageInstrumentRemove', { transactionId, id }));
  }
  for (let k = 0; k < 3; k += 1) {
    await must(core.call('StageParameterUpdate', { transactionId, id: k % 2 ? 'pm' : 'sig', param: 'amplitude', value: round + k / 10 }));
  }
}

export async function benchTransactions(rounds = 40): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-tx-'));
  const configPath = join(dir, 'bench.toml');
  await writeFile(configPath, baseConfig);
  const core = createCore({ configPath, hotReload: false });
  await core.start();
  const commit: number[] = [];
  const validate: number[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      const { transactionId } = await must<{ transactionId: string }>(core.call('BeginTransaction', {}));
      await stageTen(core, transactionId, round);
      let t0 = performance.now();
      await must(core.call('ValidateTransaction', { transactionId }));
      validate.push(performance.now() - t0);
      t0 = performance.now();
      await must(core.call('CommitTransaction', { transactionId }));
      commit.push(performance.now() - t0);
    }
  } finally {
    await core.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const warm = (xs: number[]): number[] => xs.slice(5);
  return [
    summarise('transaction validate, 10 operations (with file preview)', warm(validate)),
    summarise('transaction commit, 10 operations, durable write', warm(commit), 'p95 < 50 ms'),
  ];
}
