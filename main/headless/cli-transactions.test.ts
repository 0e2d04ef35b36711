/**
 * A transaction carried across separate `daq call` processes, as a lab script would: begun in
 * one, staged in a second, validated in a third, committed in a fourth. Only the disk (the
 * config file and `.daq/transactions/`) joins them.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const daq = join(root, 'bin/daq.mjs');

function call(config: string, command: string, payload: unknown): Promise<{ code: number; result: { ok: boolean; value?: Record<string, unknown>; error?: { code: string } } }> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [daq, 'call', command, JSON.stringify(payload), '--config', config], { cwd: root, timeout: 30_000 }, (err, stdout) => {
      try {
        done({ code: err ? 1 : 0, result: JSON.parse(stdout) });
      } catch (parseError) {
        fail(new Error(`${command}: not JSON: ${stdout} (${String(parseError)})`));
      }
    });
  });
}

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-cli-tx-'));
  config = join(dir, 'bench.toml');
  await copyFile(join(root, 'config/default.toml'), config);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a transaction across four daq call processes', () => {
  it('is begun, staged, validated and committed', async () => {
    const begun = await call(config, 'BeginTransaction', { label: 'scripted' });
    expect(begun.code).toBe(0);
    const transactionId = String(begun.result.value?.['transactionId']);
    const staged = await call(config, 'StageInstrumentAdd', { transactionId, id: 'probe', config: { type: 'mock', sample_rate_hz: 5 } });
    expect(staged.result).toMatchObject({ ok: true, value: { index: 0 } });
    const validated = await call(config, 'ValidateTransaction', { transactionId });
    expect(validated.result).toMatchObject({ ok: true, value: { valid: true, errors: [] } });
    const committed = await call(config, 'CommitTransaction', { transactionId });
    expect(committed.result).toMatchObject({ ok: true, value: { persisted: true, transaction: { state: 'committed', label: 'scripted' } } });
    expect(await readFile(config, 'utf8')).toMatch(/\[instruments\.probe\]\ntype = "mock"\nsample_rate_hz = 5\.0/);
  }, 60_000);
});
