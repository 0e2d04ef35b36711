/**
 * Transactions end to end through the actor: stage many changes, validate (every rule, each
 * error tied to its operation), commit all or nothing, isolation and conflicts, expiry,
 * durability across cores, and the switch that turns them off.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, BENCH, FakeDevice, call, instruments, modules, ok, refused, settings, startCore, type Harness } from '../actor/test-support/test-kit.js';
import { createCore } from '../index.js';
import { createPtyPair } from '../serial/sim/pty-pair.js';

async function begin(h: Harness, label?: string): Promise<string> {
  return (await ok(h, 'BeginTransaction', label ? { label } : {})).transactionId;
}

/** Everything a failed commit must leave as it was. */
async function picture(h: Harness): Promise<unknown> {
  const insts = await instruments(h);
  const mods = await modules(h);
  return {
    file: await readFile(h.configPath, 'utf8'),
    settings: await settings(h),
    instruments: Object.fromEntries(Object.entries(insts).map(([id, i]) => [id, { config: i.config, status: i.status }])),
    modules: Object.fromEntries(Object.entries(mods).map(([id, m]) => [id, { state: m.state, roles: m.roles }])),
  };
}

describe('a change set of several operations', () => {
  it('stages without applying, validates, and commits every operation in one write', async () => {
    const h = await startCore(BENCH);
    const before = await readFile(h.configPath, 'utf8');
    const tx = await begin(h, 'swap detector');
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'pm2', config: { type: 'mock', profile: 'power_meter', sample_rate_hz: 20 } });
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'StageModuleAssign', { transactionId: tx, moduleId: 'watch', role: 'power_meter', instrumentId: 'pm2' });
    // Staged changes are invisible outside the transaction.
    expect(Object.keys(await instruments(h))).not.toContain('pm2');
    expect(await readFile(h.configPath, 'utf8')).toBe(before);

    const report = await ok(h, 'ValidateTransaction', { transactionId: tx });
    expect(report).toMatchObject({ valid: true, errors: [] });
    expect(report.preview?.after).toContain('[instruments.pm2]');

    const committed = await ok(h, 'CommitTransaction', { transactionId: tx });
    expect(committed).toMatchObject({ persisted: true, rebased: false, transaction: { state: 'committed' } });
    const text = await readFile(h.configPath, 'utf8');
    expect(text).toContain('[instruments.pm2]');
    expect(text).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 4\.0/);
    expect(text).toMatch(/power_meter = "pm2"/);
    const s = await settings(h);
    expect(s.modules['watch']?.roles).toEqual({ power_meter: 'pm2' });
    expect((await instruments(h))['pm2']?.status).toBe('running');
    expect((await ok(h, 'GetTransaction', { transactionId: tx })).transaction.state).toBe('committed');
    await refused(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 5 }, 'INVALID_STATE');
  });

  it('unstages one operation by index and discards the rest with nothing changed', async () => {
    const h = await startCore(BENCH);
    const before = await picture(h);
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'pm', param: 'sample_rate_hz', value: 40 });
    const { transaction } = await ok(h, 'UnstageOperation', { transactionId: tx, index: 0 });
    expect(transaction.operations).toEqual([{ kind: 'update-parameter', id: 'pm', param: 'sample_rate_hz', value: 40 }]);
    await refused(h, 'UnstageOperation', { transactionId: tx, index: 5 }, 'NOT_FOUND');
    expect((await ok(h, 'RollbackTransaction', { transactionId: tx })).transaction.state).toBe('discarded');
    expect(await picture(h)).toEqual(before);
    await refused(h, 'CommitTransaction', { transactionId: tx }, 'INVALID_STATE');
  });
});

describe('validation rules, each tied to its operation', () => {
  async function errorsOf(h: Harness, ops: [string, Record<string, unknown>][]): Promise<{ operation: number | null; code: string; path: string; message: string }[]> {
    const tx = await begin(h);
    for (const [command, payload] of ops) await ok(h, command as 'StageParameterUpdate', { transactionId: tx, ...payload });
    const report = await ok(h, 'ValidateTransaction', { transactionId: tx });
    expect(report.valid).toBe(report.errors.length === 0);
    return report.errors;
  }

  it('names the operation, the code and the key path of each problem', async () => {
    const h = await startCore(BENCH);
    expect(await errorsOf(h, [['StageParameterUpdate', { id: 'nope', param: 'sample_rate_hz', value: 1 }]])).toMatchObject([{ operation: 0, code: 'NOT_FOUND', path: 'instruments.nope.sample_rate_hz' }]);
    expect(await errorsOf(h, [['StageInstrumentAdd', { id: 'sig', config: { type: 'mock' } }]])).toMatchObject([{ operation: 0, code: 'DUPLICATE' }]);
    expect(await errorsOf(h, [['StageInstrumentAdd', { id: 'x', config: { type: 'warp_drive' } }]])).toMatchObject([{ operation: 0, code: 'VALIDATION' }]);
    expect(await errorsOf(h, [['StageParameterUpdate', { id: 'sig', param: 'sample_rate_hz', value: -3 }]])).toMatchObject([{ operation: 0, code: 'VALIDATION' }]);
    expect(await errorsOf(h, [['StageInstrumentRemove', { id: 'pm' }]])).toMatchObject([{ operation: 0, code: 'IN_USE' }]);
    expect(await errorsOf(h, [['StageModuleAssign', { moduleId: 'watch', role: 'power_meter', instrumentId: 'sig' }]])).toMatchObject([{ operation: 0, code: 'VALIDATION' }]);
  });

  it('checks operations against each other: after a removal, an update is an error and an add a replacement', async () => {
    const h = await startCore(BENCH);
    const errors = await errorsOf(h, [
      ['StageInstrumentRemove', { id: 'sig' }],
      ['StageParameterUpdate', { id: 'sig', param: 'sample_rate_hz', value: 2 }],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ operation: 1, code: 'NOT_FOUND' });
    expect(errors[0]?.message).toMatch(/removed earlier in this change set/);
    expect(await errorsOf(h, [
      ['StageInstrumentRemove', { id: 'sig' }],
      ['StageInstrumentAdd', { id: 'sig', config: { type: 'mock', sample_rate_hz: 3 } }],
    ])).toEqual([]);
  });

  it('refuses a serial port claimed twice and a role left on an instrument the set removes', async () => {
    const h = await startCore(BENCH);
    const port = { type: 'newport_1830c', port: 'sim://newport_1830c/a' };
    expect(await errorsOf(h, [
      ['StageInstrumentAdd', { id: 'm1', config: port }],
      ['StageInstrumentAdd', { id: 'm2', config: port }],
    ])).toMatchObject([{ operation: 1, code: 'VALIDATION' }]);
    // Forced removal unassigns the role, and the commit writes a loadable file.
    expect(await errorsOf(h, [['StageInstrumentRemove', { id: 'pm', force: true }]])).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('refuses a serial port that another program has open, naming the program', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-tx-port-'));
    const pty = await createPtyPair(join(dir, 'ttyV0'));
    const holder = spawn('sh', ['-c', 'exec 3<>"$1"; exec sleep 30', 'sh', pty.link], { stdio: 'ignore' });
    try {
      const h = await startCore(BENCH);
      const add: [string, Record<string, unknown>] = ['StageInstrumentAdd', { id: 'meter', config: { type: 'newport_1830c', port: pty.link } }];
      // socat, which made the pseudo-terminal, holds it too but is not another program on the line.
      await expect.poll(async () => (await errorsOf(h, [add])).map((e) => e.message).join(), { timeout: 5000 }).toMatch(/is open in another program: sleep \(pid \d+\)/);
      const [error] = await errorsOf(h, [add]);
      expect(error).toMatchObject({ operation: 0, code: 'UNAVAILABLE', path: 'instruments.meter.port' });
      holder.kill('SIGKILL');
      await expect.poll(async () => errorsOf(h, [add]), { timeout: 5000 }).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
      await pty.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('all or nothing', () => {
  it('an added instrument that cannot connect takes every operation back', async () => {
    const dev = new FakeDevice({ connect: (config) => { if (config['name'] === 'broken') throw new Error('no such device'); } });
    const h = await startCore(BENCH, { drivers: { mock: dev } });
    const before = await picture(h);
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'StageModuleAssign', { transactionId: tx, moduleId: 'watch', role: 'power_meter', instrumentId: 'pm' });
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'late', config: { type: 'mock', name: 'broken', sample_rate_hz: 1 } });
    const error = await refused(h, 'CommitTransaction', { transactionId: tx }, 'DEVICE_ERROR');
    expect(error.message).toMatch(/late/);
    expect(await picture(h)).toEqual(before);
    expect((await ok(h, 'GetTransaction', { transactionId: tx })).transaction.state).toBe('open');
  });

  it('a file that cannot be written takes the applied change back and leaves the file as it was', async () => {
    const h = await startCore(BENCH);
    const before = await picture(h);
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'extra', config: { type: 'mock', sample_rate_hz: 1 } });
    await chmod(h.configPath, 0o444);
    try {
      await refused(h, 'CommitTransaction', { transactionId: tx }, 'PERSIST_FAILED');
      expect(await picture(h)).toEqual(before);
      expect((await ok(h, 'GetAppState', {})).persistence.pending).toBe(0);
    } finally {
      await chmod(h.configPath, 0o644);
    }
  });
});

describe('isolation and conflicts', () => {
  it('a commit touching keys that changed since it began is a CONFLICT; one touching others is rebased', async () => {
    const h = await startCore(BENCH);
    const a = await begin(h, 'a');
    const b = await begin(h, 'b');
    const c = await begin(h, 'c');
    await ok(h, 'StageParameterUpdate', { transactionId: a, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'StageParameterUpdate', { transactionId: b, id: 'sig', param: 'sample_rate_hz', value: 6 });
    await ok(h, 'StageParameterUpdate', { transactionId: c, id: 'pm', param: 'sample_rate_hz', value: 30 });
    await ok(h, 'CommitTransaction', { transactionId: a });
    const conflict = await refused(h, 'CommitTransaction', { transactionId: b }, 'CONFLICT');
    expect(conflict.message).toMatch(/instruments\.sig\.sample_rate_hz/);
    const rebased = await ok(h, 'CommitTransaction', { transactionId: c });
    expect(rebased.rebased).toBe(true);
    const s = await settings(h);
    expect(s.instruments['sig']?.['sample_rate_hz']).toBe(4);
    expect(s.instruments['pm']?.['sample_rate_hz']).toBe(30);
  });
});

describe('lifetime', () => {
  it('expires after transaction_timeout_s without activity, with an event; using it answers TX_EXPIRED', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const h = await startCore(`${BENCH}\n[application.dynamic_config]\ntransaction_timeout_s = 60\n`, { clock: { now: () => now }, transactionSweepMs: 60_000 });
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    // Activity renews it: 100 s after it began, 50 s after the last stage, it is still open.
    now += 50_000;
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'pm', param: 'sample_rate_hz', value: 40 });
    now += 50_000;
    await ok(h, 'ValidateTransaction', { transactionId: tx });
    now += 61_000;
    await refused(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 5 }, 'TX_EXPIRED');
    expect(h.batches.some((b) => b.events.some((e) => e.type === 'transactions:transaction-changed' && e.transaction.state === 'expired'))).toBe(true);
    await refused(h, 'CommitTransaction', { transactionId: tx }, 'TX_EXPIRED');
  });

  it('lives on disk: a second core on the same file sees and commits it', async () => {
    const h = await startCore(BENCH);
    const tx = await begin(h, 'across processes');
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 7 });
    const other = createCore({ configPath: h.configPath, hotReload: false });
    await other.start();
    try {
      const listed = await other.call('ListTransactions', {});
      expect(listed).toMatchObject({ ok: true, value: { transactions: [{ transactionId: tx, state: 'open' }] } });
      expect(await other.call('CommitTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { persisted: true } });
    } finally {
      await other.stop();
    }
    expect(await readFile(h.configPath, 'utf8')).toMatch(/\[instruments\.sig\][^[]*sample_rate_hz = 7\.0/);
  });

  it('ids that are not UUIDs reach no file', async () => {
    const h = await startCore(BENCH);
    for (const id of ['../../etc/passwd', 'commit-journal', '']) {
      const r = await call(h, 'GetTransaction', { transactionId: id });
      expect(r.ok ? 'ok' : r.error.code).toMatch(/NOT_FOUND|VALIDATION/);
    }
  });

  it('answers UNAVAILABLE, naming the setting, when transactions are off', async () => {
    const h = await startCore(`${BASE}\n[application.dynamic_config]\nenable_transactions = false\n`);
    const error = await refused(h, 'BeginTransaction', {}, 'UNAVAILABLE');
    expect(error.message).toContain('enable_transactions');
  });
});

describe('commit with confirmation', () => {
  it('stays on ConfirmCommit, and RollbackTransaction in the window restores the exact bytes', async () => {
    const h = await startCore(BENCH);
    const original = await readFile(h.configPath, 'utf8');
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    const committed = await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 60 });
    expect(committed.transaction.state).toBe('confirming');
    expect(committed.transaction.confirmDeadline).toBeDefined();
    expect((await ok(h, 'RollbackTransaction', { transactionId: tx })).transaction.state).toBe('rolled-back');
    expect(await readFile(h.configPath, 'utf8')).toBe(original);
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(10);

    const tx2 = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx2, id: 'sig', param: 'sample_rate_hz', value: 5 });
    await ok(h, 'CommitTransaction', { transactionId: tx2, confirmTimeoutS: 60 });
    expect((await ok(h, 'ConfirmCommit', { transactionId: tx2 })).transaction.state).toBe('committed');
    await refused(h, 'RollbackTransaction', { transactionId: tx2 }, 'INVALID_STATE');
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(5);
  });

  it('rolls back by itself when the window ends unconfirmed', async () => {
    const h = await startCore(BENCH);
    const original = await readFile(h.configPath, 'utf8');
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    const rolledBack = new Promise<void>((resolve) => {
      const off = h.core.onEvents((b) => {
        if (b.events.some((e) => e.type === 'transactions:transaction-changed' && e.transaction.state === 'rolled-back')) {
          off();
          resolve();
        }
      });
    });
    await ok(h, 'CommitTransaction', { transactionId: tx, confirmTimeoutS: 5 });
    await rolledBack;
    expect(await readFile(h.configPath, 'utf8')).toBe(original);
    expect((await settings(h)).instruments['sig']?.['sample_rate_hz']).toBe(10);
  }, 15_000);
});

describe('a commit interrupted by a crash', () => {
  it('is resolved at start-up by what the file holds', async () => {
    const h = await startCore(BENCH);
    const tx = await begin(h);
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    const manager = (await import('./transaction-store.js')).TransactionStore;
    const store = new manager(h.configPath);
    const { contentHash } = await import('../persistence/write-ledger.js');
    // As if the process died after the journal and before the file write.
    await store.writeJournal({ transactionId: tx, baseHash: contentHash(await readFile(h.configPath)), startedAt: new Date().toISOString() });
    await h.core.stop();
    const again = createCore({ configPath: h.configPath, hotReload: false });
    await again.start();
    try {
      const got = await again.call('GetTransaction', { transactionId: tx });
      expect(got).toMatchObject({ ok: true, value: { transaction: { state: 'open' } } });
      expect(JSON.stringify(got)).toMatch(/old configuration stands/);
      expect(await store.readJournals()).toEqual([]);
    } finally {
      await again.stop();
    }
    // Killed before the write, then someone saved another key before the restart: the file
    // differs from where the commit began, but none of the commit is in it.
    await store.writeJournal({ transactionId: tx, baseHash: contentHash(await readFile(h.configPath)), startedAt: new Date().toISOString() });
    await writeFile(h.configPath, (await readFile(h.configPath, 'utf8')).replace('sample_rate_hz = 50.0', 'sample_rate_hz = 60.0'));
    const edited = createCore({ configPath: h.configPath, hotReload: false });
    await edited.start();
    try {
      const got = await edited.call('GetTransaction', { transactionId: tx });
      expect(got).toMatchObject({ ok: true, value: { transaction: { state: 'open' } } });
      expect(JSON.stringify(got)).toMatch(/old configuration stands/);
    } finally {
      await edited.stop();
    }
    // And after the file was written: the new configuration stands.
    await store.writeJournal({ transactionId: tx, baseHash: 'not-the-current-hash', startedAt: new Date().toISOString() });
    await writeFile(h.configPath, (await readFile(h.configPath, 'utf8')).replace('sample_rate_hz = 10.0', 'sample_rate_hz = 4.0'));
    const third = createCore({ configPath: h.configPath, hotReload: false });
    await third.start();
    try {
      expect(await third.call('GetTransaction', { transactionId: tx })).toMatchObject({ ok: true, value: { transaction: { state: 'committed' } } });
    } finally {
      await third.stop();
    }
  });
});

describe('a failure at a module step', () => {
  it('a running module that cannot start again on its new instrument takes the whole change back', async () => {
    const dev = new FakeDevice({ connect: (config) => { if (config['name'] === 'dead') throw new Error('no reply'); } });
    const text = `${BENCH}\n[instruments.spare]\ntype = "mock"\nname = "dead"\nprofile = "power_meter"\nsample_rate_hz = 5.0\n`;
    const h = await startCore(text, { drivers: { mock: dev } });
    await ok(h, 'StartModule', { id: 'watch' });
    const before = await picture(h);
    // The spare power meter is configured but down: the module cannot run on it.
    const error = await refused(h, 'RemoveInstrumentDynamic', { id: 'pm', reassign: [{ moduleId: 'watch', role: 'power_meter', instrumentId: 'spare' }] }, 'INVALID_STATE');
    expect(error.message).toMatch(/not running/);
    expect(await picture(h)).toEqual(before);
    expect((await modules(h))['watch']).toMatchObject({ state: 'running', roles: { power_meter: 'pm' } });
  });
});

describe('a failure at a driver step', () => {
  const withSpare = `${BENCH}\n[instruments.spare]\ntype = "mock"\nname = "Spare"\nsample_rate_hz = 5.0\n`;

  it('an instrument whose driver does not stop cleanly still goes: it cannot be put back as it was', async () => {
    const dev = new FakeDevice();
    const h = await startCore(withSpare, { drivers: { mock: dev } });
    dev.behaviour = { disconnect: () => { throw new Error('port vanished'); } };
    const tx = await begin(h);
    await ok(h, 'StageInstrumentRemove', { transactionId: tx, id: 'spare' });
    await ok(h, 'StageParameterUpdate', { transactionId: tx, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await ok(h, 'CommitTransaction', { transactionId: tx });
    expect(Object.keys(await instruments(h))).not.toContain('spare');
    const file = await readFile(h.configPath, 'utf8');
    expect(file).not.toContain('[instruments.spare]');
    expect(file).toMatch(/sample_rate_hz = 4/);
    expect(h.logs.some((l) => l.level === 'warn' && /spare did not stop cleanly: port vanished/.test(l.message))).toBe(true);
  });

  it('an undo step that fails is reported, and every other step is still taken back', async () => {
    const dev = new FakeDevice();
    const h = await startCore(withSpare, { drivers: { mock: dev } });
    const file = await readFile(h.configPath, 'utf8');
    const tx = await begin(h);
    await ok(h, 'StageInstrumentRemove', { transactionId: tx, id: 'sig' });
    await ok(h, 'StageInstrumentRemove', { transactionId: tx, id: 'spare' });
    await ok(h, 'StageInstrumentAdd', { transactionId: tx, id: 'late', config: { type: 'mock', name: 'broken', sample_rate_hz: 1 } });
    // From now on the spare's device does not answer: once stopped, it cannot be started again.
    dev.behaviour = { connect: (config) => { if (config['name'] === 'broken' || config['name'] === 'Spare') throw new Error('no reply'); } };
    const error = await refused(h, 'CommitTransaction', { transactionId: tx }, 'DEVICE_ERROR');
    expect(error.message).toMatch(/instrument "late" was not added: no reply; not everything could be taken back: instrument "spare" did not start again: no reply; it keeps trying/);
    expect(h.logs.some((l) => l.level === 'error' && /undo step \d+ failed: instrument "spare" did not start again/.test(l.message))).toBe(true);
    // The spare was undone first and failed; the signal source, undone after it, is back running.
    const now = await instruments(h);
    expect(now['sig']?.status).toBe('running');
    expect(now['spare']?.status).toBe('error');
    expect(Object.keys(now)).not.toContain('late');
    expect(await readFile(h.configPath, 'utf8')).toBe(file);
    expect(Object.keys((await settings(h)).instruments)).toEqual(['pm', 'sig', 'spare']);
  });
});
