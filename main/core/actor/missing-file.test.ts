/**
 * The config file deleted or its folder moved away while the app runs: a snapshot and a commit
 * that need the file's bytes say so in words and change nothing (they answered INTERNAL with a
 * raw ENOENT before), and a change that cannot be written names the file as missing, not its
 * folder; and nothing the app keeps beside the file makes a moved-away folder again.
 */
import { existsSync } from 'node:fs';
import { rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH, call, instruments, ok, refused, startCore } from './test-support/test-kit.js';

const MISSING = 'the file is missing (deleted or moved away); put it back to go on';

describe('the config file gone while the app runs', () => {
  it('a snapshot on request is refused with the reason, and works again once the file is back', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const text = BENCH;
    await unlink(h.configPath);
    const error = await refused(h, 'CreateConfigSnapshot', { label: 'before-lunch' }, 'UNAVAILABLE');
    expect(error.message).toBe(`no version was kept: cannot read ${h.configPath}: ${MISSING}`);
    expect((await ok(h, 'ListConfigVersions', {})).versions).toEqual([]);
    await writeFile(h.configPath, text);
    expect((await ok(h, 'CreateConfigSnapshot', { label: 'before-lunch' })).versionId).toMatch(/before-lunch\.toml$/);
  });

  it('a snapshot whose versions folder cannot be made is refused as not written, not as an internal error', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    // Something that is not a folder stands where `.daq` belongs.
    await rm(join(dirname(h.configPath), '.daq'), { recursive: true, force: true });
    await writeFile(join(dirname(h.configPath), '.daq'), 'not a folder');
    const error = await refused(h, 'CreateConfigSnapshot', { label: 'before-lunch' }, 'PERSIST_FAILED');
    expect(error.message).toMatch(/^no version was kept: cannot write .*config_versions.*: ENOTDIR/);
  });

  it('a commit is refused with the reason and changes nothing; the change set stays open', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    const { transactionId } = await ok(h, 'BeginTransaction', {});
    await ok(h, 'StageParameterUpdate', { transactionId, id: 'sig', param: 'sample_rate_hz', value: 4 });
    await unlink(h.configPath);
    const error = await refused(h, 'CommitTransaction', { transactionId }, 'UNAVAILABLE');
    expect(error.message).toBe(`transaction ${transactionId} was not committed: cannot read ${h.configPath}: ${MISSING}`);
    expect((await instruments(h))['sig']?.config['sample_rate_hz']).toBe(10);
    await writeFile(h.configPath, BENCH);
    expect(await call(h, 'CommitTransaction', { transactionId })).toMatchObject({ ok: true, value: { persisted: true } });
    expect((await instruments(h))['sig']?.config['sample_rate_hz']).toBe(4);
  });

  it('a change that cannot be written says the file is missing, or that its folder is gone', async () => {
    const h = await startCore(BENCH, { hotReload: false, persistRetryMs: 3_600_000 });
    await unlink(h.configPath);
    const missing = await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 2 });
    expect(missing).toMatchObject({ persisted: false, persistError: { code: 'PERSIST_FAILED', message: `cannot write ${h.configPath}: ${MISSING}` } });
    await writeFile(h.configPath, BENCH);
    const folder = dirname(h.configPath);
    await rename(folder, `${folder}-away`);
    try {
      const away = await ok(h, 'UpdateInstrumentParameter', { id: 'sig', param: 'amplitude', value: 3 });
      expect(away).toMatchObject({ persisted: false, persistError: { message: `cannot write ${h.configPath}: its folder does not exist (moved, renamed or unmounted)` } });
      // Nothing the app keeps beside the file makes the folder again at its old place, where it
      // would stand in the way of the real one coming back.
      await call(h, 'BeginTransaction', {});
      await call(h, 'CreateConfigSnapshot', {});
      expect(existsSync(folder)).toBe(false);
    } finally {
      await rename(`${folder}-away`, folder);
    }
  });
});
