/**
 * Actor command latency with mock instruments: add, update, remove, each measured from the
 * call to the answer (validation, mailbox, driver start/stop, event batch). The file write is
 * left out (`persist: false`); the persistence benchmark measures it. Goal: p95 < 2 ms.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../main/core/index.js';
import { summarise, type Summary } from './stats.js';

const baseConfig = `log_level = "info"
[application]
[storage]
default_path = "data_output"
[instruments.base]
type = "mock"
sample_rate_hz = 10.0
`;

export async function benchActor(iterations = 400): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-'));
  const configPath = join(dir, 'bench.toml');
  await writeFile(configPath, baseConfig);
  const core = createCore({ configPath, hotReload: false });
  await core.start();
  const add: number[] = [];
  const update: number[] = [];
  const remove: number[] = [];
  const timed = async (into: number[], work: () => Promise<{ ok: boolean }>): Promise<void> => {
    const t0 = performance.now();
    const result = await work();
    into.push(performance.now() - t0);
    if (!result.ok) throw new Error(`benchmark command failed: ${JSON.stringify(result)}`);
  };
  try {
    for (let i = 0; i < iterations; i += 1) {
      const id = `bench_${i}`;
      await timed(add, () => core.invoke('AddInstrumentDynamic', { id, config: { type: 'mock', sample_rate_hz: 10 }, persist: false }));
      await timed(update, () => core.invoke('UpdateInstrumentParameter', { id, param: 'amplitude', value: 1 + (i % 7), persist: false }));
      await timed(remove, () => core.invoke('RemoveInstrumentDynamic', { id, persist: false }));
    }
  } finally {
    await core.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // The first runs include JIT warm-up; drop them so the table shows the steady state.
  const warm = (xs: number[]): number[] => xs.slice(Math.min(50, Math.floor(xs.length / 4)));
  return [
    summarise('actor AddInstrumentDynamic (mock)', warm(add), 'p95 < 2 ms'),
    summarise('actor UpdateInstrumentParameter (live)', warm(update), 'p95 < 2 ms'),
    summarise('actor RemoveInstrumentDynamic', warm(remove), 'p95 < 2 ms'),
  ];
}
