/**
 * Transactions where more than one actor is about: a second core starting on the same config
 * while a commit is under way (it waits; it never takes that commit for an interrupted one), a
 * confirmation window whose commit has later changes on top (never rolled back over them), a
 * confirmation that cannot be saved (the window keeps running), a start on a broken file (the
 * steps a crash interrupted are finished, and windows armed, once the file loads), and records
 * or journals that are not what they claim.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BASE, BENCH, ok, onRestartedCore, refused, settings, slowConnectDevice, stagedUpdate, startCore } from '../actor/test-support/test-kit.js';
import { createCore } from '../index.js';
import { contentHash } from '../persistence/write-ledger.js';
import { TransactionStore, type TransactionRecord } from './transaction-store.js';
import { journalOf } from './test-support/journal-of.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a second core on the same config', () => {
  it('starting while a commit is under way does not take it for an interrupted one, nor wait for it', async () => {
    const { device: dev, release } = slowConnectDevice();
    const h = await startCore(BENCH, { drivers: { mock: dev }, timeouts: { connectMs: 60_000 } });
    const tx = (await ok(h, 'BeginTransaction', {})).transactionId;
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'late', config: { type: 'mock', name: 'slow', sample_rate_hz: 1 } });
    const committing = h.core.call('CommitTransaction', { transactionId: tx });
    const store = new TransactionStore(h.configPath);
    await vi.waitFor(async () => expect(await journalOf(store, tx)).toBeDefined());

    const logs: string[] = [];
    const other = createCore({ configPath: h.configPath, hotReload: false, logSink: (e) => logs.push(e.message) });
    const starting = other.start();
    try {
      await vi.waitFor(() => expect(logs.some((l) => l.startsWith('loaded '))).toBe(true));
      release();
      expect(await committing).toMatchObject({ ok: true, value: { transaction: { state: 'committed' }, persisted: true } });
      await starting;
      expect(logs.filter((l) => /was interrupted/.test(l))).toEqual([]);
      expect(await other.call('GetTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'committed' } } });
      expect(await store.readJournals()).toEqual([]);
    } finally {
      release();
      await other.stop();
    }
  });
});

describe('a confirmation window with later changes on top', () => {
  it('ends without a rollback that would undo them, and says so', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const first = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await ok(h, 'CommitTransaction', { transactionId: first, confirmTimeoutS: 5 });
    const second = await stagedUpdate(h, 'pm', 'sample_rate_hz', 60);
    await ok(h, 'CommitTransaction', { transactionId: second });
    const both = await readFile(h.configPath, 'utf8');
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(async () => expect((await new TransactionStore(h.configPath).load(first))?.state).toBe('committed'));
    const view = (await ok(h, 'GetTransaction', { transactionId: first })).transaction;
    expect(view.note).toMatch(/^its confirmation window ended, but the config file has changed since the commit .* so it was not rolled back/);
    expect(await readFile(h.configPath, 'utf8')).toBe(both);
    expect((await settings(h)).instruments['pm']?.['sample_rate_hz']).toBe(60);
  });

  it('refuses a rollback on request with CONFLICT, changing nothing', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    await ok(h, 'UpdateInstrumentParameter', { id: 'pm', param: 'sample_rate_hz', value: 70 });
    const after = await readFile(h.configPath, 'utf8');
    const error = await refused(h, 'RollbackTransaction', { transactionId: tx }, 'CONFLICT');
    expect(error.message).toMatch(/was not rolled back: the config file has changed since the commit/);
    expect(await readFile(h.configPath, 'utf8')).toBe(after);
    expect((await ok(h, 'GetTransaction', { transactionId: tx })).transaction.state).toBe('confirming');
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(4);
  });
});

describe('a confirmation that cannot be saved', () => {
  it('is refused, and the window still ends in a rollback', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const original = await readFile(h.configPath, 'utf8');
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 5 });
    const folder = dirname(h.configPath);
    const realSave = TransactionStore.prototype.save;
    vi.spyOn(TransactionStore.prototype, 'save').mockImplementationOnce(async function (this: TransactionStore, record: TransactionRecord) {
      await rename(folder, `${folder}-away`);
      return realSave.call(this, record);
    });
    await refused(h, 'ConfirmCommit', { transactionId: tx }, 'PERSIST_FAILED');
    await rename(`${folder}-away`, folder);
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(async () => expect((await new TransactionStore(h.configPath).load(tx))?.state).toBe('rolled-back'));
    expect(await readFile(h.configPath, 'utf8')).toBe(original);
  });
});

describe('a start on a file that does not load', () => {
  it('finishes interrupted steps and arms confirmation windows once the file loads', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const before = await readFile(h.configPath, 'utf8');
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    const committed = await readFile(h.configPath, 'utf8');
    await h.core.stop();
    // The window ended while the app was down, and the file was broken meanwhile.
    const store = new TransactionStore(h.configPath);
    const record = (await store.load(tx)) as TransactionRecord;
    await store.save({ ...record, confirmDeadline: new Date(Date.now() - 1000).toISOString() });
    await writeFile(h.configPath, `${committed}\n[broken`);
    await onRestartedCore(
      h.configPath,
      async (again) => {
        expect((await again.call('GetTransaction', { transactionId: tx })).ok).toBe(false);
        await writeFile(h.configPath, committed);
        await vi.waitFor(async () => expect((await store.load(tx))?.state).toBe('rolled-back'), { timeout: 10_000 });
        expect(await readFile(h.configPath, 'utf8')).toBe(before);
      },
      { hotReload: true, transactionSweepMs: 20 },
    );
  });
});

describe('records and journals that are not what they claim', () => {
  it('a record naming another id is damaged: skipped, reaching no path, and the rest work', async () => {
    const h = await startCore(BENCH);
    const store = new TransactionStore(h.configPath);
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    const record = (await store.load(tx)) as TransactionRecord;
    const planted = randomUUID();
    await writeFile(join(store.folder, `${planted}.json`), JSON.stringify({ ...record, transactionId: '../../../escape', state: 'expired' }));
    expect((await store.list()).damaged).toEqual([`${planted}.json`]);
    expect((await ok(h, 'ListTransactions', {})).transactions.map((t) => t.transactionId)).toEqual([tx]);
    await h.core.stop();
    await onRestartedCore(h.configPath, async (again) => {
      expect(await again.call('CommitTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'committed' } } });
    });
  });

  it('a journal whose record cannot be read is left as found, and said so', async () => {
    const h = await startCore(BENCH);
    const store = new TransactionStore(h.configPath);
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    await store.writeJournal({ transactionId: tx, kind: 'commit', baseHash: contentHash(await readFile(h.configPath)), startedAt: new Date().toISOString() });
    await h.core.stop();
    await writeFile(join(store.folder, `${tx}.json`), '{ "torn": ');
    const logs: string[] = [];
    await onRestartedCore(
      h.configPath,
      async () => {
        expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^the record of transaction ${tx} is not a transaction record of this build; its interrupted commit is left as found in journal-${tx}\\.json$`)));
        expect((await journalOf(store, tx))?.kind).toBe('commit');
      },
      { logSink: (e) => logs.push(e.message) },
    );
  });
});

describe('a commit with persistence off', () => {
  it('says the file was not written', async () => {
    const h = await startCore(`${BASE}\n[application.dynamic_config]\nenable_persistence = false\n\n[instruments.sig]\ntype = "mock"\nsample_rate_hz = 10.0\n`);
    const before = await readFile(h.configPath, 'utf8');
    const tx = await stagedUpdate(h, 'sig', 'sample_rate_hz', 4);
    const answer = await ok(h, 'CommitTransaction', { transactionId: tx });
    expect(answer).toMatchObject({ persisted: false, transaction: { state: 'committed', note: expect.stringMatching(/running configuration only: the config file was not written/) } });
    expect(await readFile(h.configPath, 'utf8')).toBe(before);
  });
});
