/**
 * The report of a failing round names, for every step, the client it went through, so a
 * finding can be replayed against the one path that broke it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ExpectedState } from './expected-state.js';
import { describeRound } from './round-report.js';

it('names the client of every step and its answer, in time order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'daq-round-report-'));
  try {
    const configPath = join(dir, 'bench.toml');
    await writeFile(configPath, 'log_level = "info"\n');
    const expected = new ExpectedState({}, [
      {
        intent: { type: 'intent', step: 2, command: 'RollbackTransaction', request: { transactionId: 't' }, promise: {}, wholeFile: true, client: 'ipc', at: 2_000 },
        outcome: { type: 'outcome', step: 2, ok: false, acknowledged: false, code: 'PERSIST_FAILED', message: 'disk full', at: 3_000 },
      },
      { intent: { type: 'intent', step: 1, command: 'UpdateInstrumentParameter', request: {}, promise: {}, wholeFile: false, client: 'cli', at: 1_000 } },
    ], []);
    const text = await describeRound({ seed: 7, round: 3, configPath, expected, logs: [], recoveryLog: [], stderr: '' });
    const lines = text.split('\n').map((l) => l.trim());
    const steps = lines.filter((l) => /step \d/.test(l));
    expect(steps).toEqual([
      expect.stringMatching(/^0\.000 ms {2}step 1 via cli UpdateInstrumentParameter/),
      expect.stringMatching(/^1\.000 ms {2}step 2 via ipc RollbackTransaction/),
      expect.stringMatching(/^2\.000 ms {2}step 2 \(ipc\) answered: refused, not acknowledged \(PERSIST_FAILED: disk full\)$/),
      expect.stringMatching(/^never {2}step 1 \(cli\) answered: no answer: killed$/),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
