/**
 * Going back at the end of a confirmation window replaces the whole file and the running
 * configuration, so it never happens over anything that came after the commit: another
 * program's save the commit's own write went on top of, a change kept in memory, a hand edit
 * while the app was down. And a window ends even when the commit came from another process.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BENCH, ok, onRestartedCore, refused, settings, slowConnectDevice, stagedUpdate, startCore } from '../actor/test-support/test-kit.js';
import { createCore } from '../index.js';
import { contentHash } from '../persistence/write-ledger.js';
import { TransactionStore, type TransactionRecord } from './transaction-store.js';

afterEach(() => vi.restoreAllMocks());

describe('a commit with a confirmation window', () => {
  it('whose write went on top of another program\'s save is not rolled back over it', async () => {
    const { device: dev, release } = slowConnectDevice();
    const h = await startCore(BENCH, { drivers: { mock: dev }, timeouts: { connectMs: 60_000 }, hotReload: false });
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'late', config: { type: 'mock', name: 'slow', sample_rate_hz: 1 } });
    const committing = h.core.call('CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    await vi.waitFor(async () => expect(dev.connects.some((c) => c.id === 'late')).toBe(true));
    // Saved in an editor while the commit waits for its new instrument.
    const edited = (await readFile(h.configPath, 'utf8')).replace(/(\[instruments\.pm\][^[]*sample_rate_hz = )50\.0/, '$155.0');
    await writeFile(h.configPath, edited);
    release();
    expect(await committing).toMatchObject({ ok: true, value: { transaction: { state: 'confirming' }, persisted: true } });
    expect(await readFile(h.configPath, 'utf8')).toMatch(/sample_rate_hz = 55\.0/);
    const error = await refused(h, 'RollbackTransaction', { transactionId: tx }, 'CONFLICT');
    expect(error.message).toMatch(/the config file has changed since the commit/);
    expect(await readFile(h.configPath, 'utf8')).toMatch(/sample_rate_hz = 55\.0/);
  });

  it('is not rolled back over a change kept in memory only', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 80, persist: false });
    const error = await refused(h, 'RollbackTransaction', { transactionId: tx }, 'CONFLICT');
    expect(error.message).toMatch(/the running configuration has changed since the commit/);
    expect((await settings(h)).instruments['pm']?.['sample_rate_hz']).toBe(80);
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(4);
  });

  it('finished after a crash goes back only while the file is what the commit wrote', async () => {
    for (const handEditWhileDown of [false, true]) {
      const h = await startCore(BENCH, { hotReload: false });
      const before = await readFile(h.configPath, 'utf8');
      const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
      await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
      const committed = await readFile(h.configPath);
      await h.core.stop();
      // As if killed after the file write and the journal's second write, before the record.
      const store = new TransactionStore(h.configPath);
      const record = (await store.load(tx)) as TransactionRecord;
      const { preCommitText, confirmDeadline, committedHash: _hash, committedConfig: _config, committedAt: _at, ...open } = record;
      await store.save({ ...open, state: 'open' });
      await store.writeJournal({ transactionId: tx, kind: 'commit', baseHash: contentHash(Buffer.from(before)), startedAt: new Date().toISOString(), confirm: { deadline: confirmDeadline as string, preCommitText: preCommitText as string, committedHash: contentHash(committed) } });
      if (handEditWhileDown) await writeFile(h.configPath, committed.toString('utf8').replace(/(\[instruments\.pm\][^[]*sample_rate_hz = )50\.0/, '$166.0'));
      await onRestartedCore(h.configPath, async (again) => {
        expect(await again.call('GetTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'confirming' } } });
        const answer = await again.call('RollbackTransaction', { transactionId: tx });
        if (handEditWhileDown) {
          expect(answer).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
          expect(await readFile(h.configPath, 'utf8')).toMatch(/sample_rate_hz = 66\.0/);
        } else {
          expect(answer).toMatchObject({ ok: true, value: { transaction: { state: 'rolled-back' } } });
          expect(await readFile(h.configPath, 'utf8')).toBe(before);
        }
      });
    }
  });

  it('made by another process ends here too, once its deadline has passed', async () => {
    const h = await startCore(BENCH, { hotReload: true, transactionSweepMs: 50 });
    const before = await readFile(h.configPath, 'utf8');
    const cli = createCore({ configPath: h.configPath, hotReload: false });
    await cli.start();
    const tx = (await cli.call('BeginTransaction', {})) as { ok: true; value: { transactionId: string } };
    await cli.call('StageParameterUpdate', { transactionId: tx.value.transactionId, id: 'sig', param: 'sample_rate_hz', value: 4 });
    expect(await cli.call('CommitTransaction', { transactionId: tx.value.transactionId, confirmTimeoutS: 5 })).toMatchObject({ ok: true });
    await cli.stop(); // the command-line process is gone, and its timer with it
    await vi.waitFor(async () => expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(4), { timeout: 5_000 });
    await vi.waitFor(async () => expect((await new TransactionStore(h.configPath).load(tx.value.transactionId))?.state).toBe('rolled-back'), { timeout: 15_000, interval: 200 });
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
  }, 30_000);
});

describe('a record kept in memory', () => {
  it('is dropped, not written over, when another process finished its step meanwhile', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    const folder = dirname(h.configPath);
    const realSave = TransactionStore.prototype.save;
    vi.spyOn(TransactionStore.prototype, 'save').mockImplementationOnce(async function (this: TransactionStore, record: TransactionRecord) {
      await rename(folder, `${folder}-away`);
      return realSave.call(this, record);
    });
    const answer = await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    expect(answer.transaction.recordNotSaved).toBeDefined();
    await rename(`${folder}-away`, folder);
    // Another process starts, finishes the commit from its journal and confirms it.
    await onRestartedCore(h.configPath, async (other) => {
      expect(await other.call('ConfirmCommit', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'committed' } } });
    });
    await vi.waitFor(() => expect(h.logs.some((l) => /was finished by another process meanwhile \(it is committed\)/.test(l.message))).toBe(true), { timeout: 5_000 });
    expect((await ok(h, 'GetTransaction', { transactionId: tx })).transaction.state).toBe('committed');
    expect((await new TransactionStore(h.configPath).load(tx))?.state).toBe('committed');
  });
});
