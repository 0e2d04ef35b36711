/**
 * A transaction's record that cannot be written after the config file already was (the folder
 * moved away, the disk full, in the moment between the two writes): the step is answered as
 * done with the reason, the record is kept and written again, nothing new is journalled over
 * it, and a restart in between finishes it from the file. The fault is real: the config's
 * folder is renamed away at the moment the record is saved.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BENCH, ok, onRestartedCore, refused, settings, startCore, type Harness } from '../actor/test-support/test-kit.js';
import { TransactionStore, type TransactionRecord } from './transaction-store.js';
import { journalOf } from './test-support/journal-of.js';

const realSave = TransactionStore.prototype.save;
afterEach(() => vi.restoreAllMocks());

/** The next record save finds the config's folder renamed away (it is the real save that fails). */
function moveFolderAwayAtNextRecordSave(h: Harness): { away: string; saw: () => string | undefined } {
  const folder = dirname(h.configPath);
  const away = `${folder}-away`;
  let state: string | undefined;
  vi.spyOn(TransactionStore.prototype, 'save').mockImplementationOnce(async function (this: TransactionStore, record: TransactionRecord) {
    state = record.state;
    await rename(folder, away);
    return realSave.call(this, record);
  });
  return { away, saw: () => state };
}

async function confirmingCommit(h: Harness): Promise<{ tx: string; original: string }> {
  const original = await readFile(h.configPath, 'utf8');
  const tx = (await ok(h, 'BeginTransaction', { label: 'window' })).transactionId;
  await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
  expect((await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 })).transaction.state).toBe('confirming');
  return { tx, original };
}

describe('a rollback whose record cannot be saved after the file was written', () => {
  it('is answered as done with the reason, shown so, and its record is written once the folder is back', async () => {
    const h = await startCore(BENCH);
    const { tx, original } = await confirmingCommit(h);
    const fault = moveFolderAwayAtNextRecordSave(h);
    const answer = await ok(h, 'RollbackTransaction', { transactionId: tx });
    expect(fault.saw()).toBe('rolled-back');
    expect(answer.transaction.state).toBe('rolled-back');
    expect(answer.transaction.recordNotSaved).toMatch(/record of transaction .* was not saved: .*folder does not exist/);
    expect(await readFile(join(fault.away, basename(h.configPath)), 'utf8')).toBe(original);
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(10);

    // While the folder is away nothing new can be recorded; once it is back, the next step writes the kept record.
    await refused(h, 'BeginTransaction', {}, 'PERSIST_FAILED');
    await rename(fault.away, dirname(h.configPath));
    // The next step holding the transactions lock (here the periodic sweep) writes it.
    const store = new TransactionStore(h.configPath);
    await vi.waitFor(async () => expect((await store.load(tx))?.state).toBe('rolled-back'));
    const listed = (await ok(h, 'ListTransactions', {})).transactions.find((t) => t.transactionId === tx);
    expect(listed).toMatchObject({ state: 'rolled-back' });
    expect(listed?.recordNotSaved).toBeUndefined();
    expect(await store.readJournals()).toEqual([]);
  });

  it('holds back the next commit with PERSIST_FAILED until the record is written', async () => {
    const h = await startCore(BENCH);
    const { tx } = await confirmingCommit(h);
    const next = (await ok(h, 'BeginTransaction', {})).transactionId;
    await ok(h, 'StageParameterUpdate', { transactionId: next, id: 'pm', param: 'sample_rate_hz', value: 60 });
    const fault = moveFolderAwayAtNextRecordSave(h);
    await ok(h, 'RollbackTransaction', { transactionId: tx });
    // The folder is back but the kept record's place is blocked: it still cannot be written.
    await rename(fault.away, dirname(h.configPath));
    const blocker = join(new TransactionStore(h.configPath).folder, `${tx}.json`);
    await rm(blocker);
    await mkdir(join(blocker, 'in-the-way'), { recursive: true });
    const refusedCommit = await refused(h, 'CommitTransaction', { transactionId: next }, 'PERSIST_FAILED');
    expect(refusedCommit.message).toMatch(new RegExp(`transaction .* was not committed: transaction window is not saved yet`));
    expect((await settings(h)).instruments['pm']?.['sample_rate_hz']).toBe(50);
    // Nothing else changes the file meanwhile: after a crash the kept step is judged by it.
    const fileBefore = await readFile(h.configPath, 'utf8');
    const update = await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'sample_rate_hz', value: 7 });
    expect(update).toMatchObject({ persisted: false, persistError: { code: 'PERSIST_FAILED', message: expect.stringMatching(/record of transaction window is not saved yet/) } });
    expect(await readFile(h.configPath, 'utf8')).toBe(fileBefore);
    await rm(blocker, { recursive: true });
    expect((await ok(h, 'CommitTransaction', { transactionId: next })).transaction.state).toBe('committed');
    expect((await new TransactionStore(h.configPath).load(tx))?.state).toBe('rolled-back');
    // The change that waited is written once the record is.
    await vi.waitFor(async () => expect(await readFile(h.configPath, 'utf8')).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 7\.0/), { timeout: 10_000 });
  });

  it('after a crash before the record was written, start-up finishes it from the file and never rolls back again', async () => {
    const h = await startCore(BENCH);
    const { tx, original } = await confirmingCommit(h);
    const fault = moveFolderAwayAtNextRecordSave(h);
    await ok(h, 'RollbackTransaction', { transactionId: tx });
    await h.core.stop(); // the kept record dies with the process
    await rename(fault.away, dirname(h.configPath));
    const store = new TransactionStore(h.configPath);
    expect((await store.load(tx))?.state).toBe('confirming');
    expect((await journalOf(store, tx))?.kind).toBe('rollback');
    // A later hand edit must survive the restart: a second rollback would undo it.
    const edited = original.replace(/(\[instruments\.pm\][^[]*sample_rate_hz = )50\.0/, '$175.0');
    expect(edited).not.toBe(original);
    await writeFile(h.configPath, edited);
    await onRestartedCore(h.configPath, async (again) => {
      expect(await again.call('GetTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'rolled-back' } } });
      expect(await store.readJournals()).toEqual([]);
      expect(await readFile(h.configPath, 'utf8')).toBe(edited);
    });
  });
});

describe('a commit whose record cannot be saved after the file was written', () => {
  it('is answered as committed with the reason; after a crash it keeps its confirmation window', async () => {
    const h = await startCore(BENCH);
    const tx = (await ok(h, 'BeginTransaction', {})).transactionId;
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    const fault = moveFolderAwayAtNextRecordSave(h);
    const answer = await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    expect(answer.persisted).toBe(true);
    expect(answer.transaction.state).toBe('confirming');
    expect(answer.transaction.recordNotSaved).toMatch(/was not saved/);
    await h.core.stop();
    await rename(fault.away, dirname(h.configPath));
    const store = new TransactionStore(h.configPath);
    expect((await store.load(tx))?.state).toBe('open');
    await onRestartedCore(h.configPath, async (again) => {
      const got = await again.call('GetTransaction', { transactionId: tx });
      expect(got).toMatchObject({ ok: true, value: { transaction: { state: 'confirming', note: expect.stringMatching(/waits for confirmation until/) } } });
      // Still rollback-able: the text before the commit came through the journal.
      expect(await again.call('RollbackTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'rolled-back' } } });
      expect(await readFile(h.configPath, 'utf8')).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 10\.0/);
    });
  });
});

describe('a commit whose journal cannot learn what the file was written to', () => {
  it('after a crash before its record was saved, keeps the commit: its window cannot tell the file is still the commit’s', async () => {
    const h = await startCore(BENCH);
    const tx = (await ok(h, 'BeginTransaction', {})).transactionId;
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    // The folder goes away right after the file write, as the journal is told the written hash.
    const folder = dirname(h.configPath);
    const realWrite = TransactionStore.prototype.writeJournal;
    let journalWrites = 0;
    vi.spyOn(TransactionStore.prototype, 'writeJournal').mockImplementation(async function (this: TransactionStore, journal) {
      journalWrites += 1;
      if (journalWrites === 2) await rename(folder, `${folder}-away`);
      return realWrite.call(this, journal);
    });
    const answer = await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 600 });
    expect(journalWrites).toBe(2);
    expect(answer.transaction).toMatchObject({ state: 'confirming', recordNotSaved: expect.stringMatching(/was not saved/) });
    await h.core.stop(); // the kept record dies with the process
    await rename(`${folder}-away`, folder);
    const store = new TransactionStore(h.configPath);
    expect((await journalOf(store, tx))?.confirm?.committedHash).toBeUndefined();
    const committed = await readFile(h.configPath, 'utf8');
    expect(committed).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 4\.0/);
    await onRestartedCore(h.configPath, async (again) => {
      expect(await again.call('GetTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'confirming' } } });
      // Going back needs proof that the file is still what the commit wrote; without it, the commit stands.
      expect(await again.call('RollbackTransaction', { transactionId: tx })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/the config file has changed since the commit/) } });
      expect(await readFile(h.configPath, 'utf8')).toBe(committed);
      expect(await again.call('ConfirmCommit', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'committed' } } });
    });
  });
});

describe('a journal its record has moved past', () => {
  it('is removed at start-up without acting on it', async () => {
    const h = await startCore(BENCH);
    const rolled = (await confirmingCommit(h)).tx;
    await ok(h, 'RollbackTransaction', { transactionId: rolled });
    const confirmed = (await confirmingCommit(h)).tx;
    await ok(h, 'ConfirmCommit', { transactionId: confirmed });
    const text = await readFile(h.configPath, 'utf8');
    await h.core.stop();
    const store = new TransactionStore(h.configPath);
    // A clean-up that failed left the journal of a step already recorded.
    const cases = [
      { tx: rolled, kind: 'commit', state: 'rolled-back' },
      { tx: confirmed, kind: 'rollback', state: 'committed' },
      { tx: confirmed, kind: 'commit', state: 'committed' },
    ] as const;
    for (const { tx, kind, state } of cases) {
      await store.writeJournal({ transactionId: tx, kind, baseHash: 'another-text', startedAt: new Date().toISOString() });
      await onRestartedCore(h.configPath, async (again) => {
        expect(await again.call('GetTransaction', { transactionId: tx }), `a stale ${kind} journal`).toMatchObject({ ok: true, value: { transaction: { state } } });
        expect(await store.readJournals()).toEqual([]);
        expect(await readFile(h.configPath, 'utf8')).toBe(text);
      });
    }
  });
});

describe('a record that cannot be saved before anything changed', () => {
  it('answers PERSIST_FAILED with the reason, not INTERNAL', async () => {
    const h = await startCore(BENCH);
    const fault = moveFolderAwayAtNextRecordSave(h);
    const error = await refused(h, 'BeginTransaction', { label: 'nowhere' }, 'PERSIST_FAILED');
    expect(error.message).toMatch(/was not saved: cannot write .*: its folder does not exist/);
    await rename(fault.away, dirname(h.configPath));
  });
});

describe('a rollback at the end of the confirmation window that cannot be done', () => {
  it('stays due and is tried again until it is done', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const original = await readFile(h.configPath, 'utf8');
    const tx = (await ok(h, 'BeginTransaction', {})).transactionId;
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 5 });
      await rename(h.configPath, `${h.configPath}.away`);
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(h.logs.some((l) => /could not be rolled back after its confirmation window: .*trying again in 5 s/.test(l.message))).toBe(true));
      expect((await new TransactionStore(h.configPath).load(tx))?.state).toBe('confirming');
      await rename(`${h.configPath}.away`, h.configPath);
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(async () => expect((await new TransactionStore(h.configPath).load(tx))?.state).toBe('rolled-back'));
    } finally {
      vi.useRealTimers();
    }
    expect(await readFile(h.configPath, 'utf8')).toBe(original);
  });
});
