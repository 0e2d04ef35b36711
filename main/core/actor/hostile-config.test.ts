/**
 * A running core against hostile input: ids that name built-in members of JavaScript objects
 * (from commands and from the file), and files that once crashed, hung or were misread — at
 * start-up and when saved while the app runs. Each is refused with its position; the process
 * keeps working and a later good edit still applies.
 */
import { execFileSync } from 'node:child_process';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DaqEvent } from '../../../shared/ipc/contract.js';
import type { ReloadStatus } from '../../../shared/model/runtime.js';
import { createCore } from '../index.js';
import { BENCH, call, cleanups, instruments, nextEvent, ok, refused, startCore, tempConfig, type Harness } from './test-support/test-kit.js';

/**
 * BENCH with a short quiet period, so saved edits are picked up quickly. Not shorter than
 * chokidar's 50 ms: it drops a second change event of a file within 50 ms of the first.
 */
const WATCHED = BENCH.replace('[application]', '[application]\n[application.dynamic_config]\nhot_reload_debounce_ms = 80');
const pristine = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine);
  expect(({} as Record<string, unknown>)['type']).toBeUndefined();
}

/** 1-based line of the first line of `text` that starts with `start`. */
const lineOf = (text: string, start: string): number => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

const statusOf = (outcome: ReloadStatus['outcome']) => (e: DaqEvent) => e.type === 'hot-reload:status-changed' && e.reload.outcome === outcome;

/** Saves `text` and resolves with the reload status the save produces. */
async function save(h: Harness, text: string | Buffer, outcome: ReloadStatus['outcome']): Promise<ReloadStatus> {
  const next = nextEvent(h, statusOf(outcome), 5000);
  await writeFile(h.configPath, text);
  const event = await next;
  return (event as Extract<DaqEvent, { type: 'hot-reload:status-changed' }>).reload;
}

async function appConfig(h: Harness) {
  return (await ok(h, 'GetAppState', {})).config;
}

describe('ids that name built-in members of objects, from commands', () => {
  it('AddInstrumentDynamic refuses them with VALIDATION and adds nothing', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    for (const id of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype']) {
      const err = await refused(h, 'AddInstrumentDynamic', { id, config: { type: 'mock', sample_rate_hz: 1 } }, 'VALIDATION');
      expect(err.message, id).toMatch(/reserved name/);
    }
    expect(Object.keys(await instruments(h))).toEqual(['pm', 'sig']);
    expectPrototypeUntouched();
  });

  it('roles, module ids and parameters named so are refused too, never INTERNAL', async () => {
    const h = await startCore(BENCH, { hotReload: false });
    await refused(h, 'AssignInstrumentToModule', { moduleId: 'watch', role: 'constructor', instrumentId: 'pm' }, 'VALIDATION');
    await refused(h, 'AssignInstrumentToModule', { moduleId: 'toString', role: 'power_meter', instrumentId: 'pm' }, 'VALIDATION');
    await refused(h, 'StartModule', { id: '__proto__' }, 'VALIDATION');
    for (const param of ['constructor', '__proto__', 'toString', 'processors.constructor']) {
      const r = await call(h, 'UpdateInstrumentParameter', { id: 'sig', param, value: 1 });
      expect(r.ok ? 'accepted' : r.error.code, param).toBe('VALIDATION');
    }
  });
});

describe('a file with such keys', () => {
  it('at start-up: the core comes up in the error state with the key located', async () => {
    const text = `${BENCH}\n[instruments.constructor]\ntype = "mock"\nsample_rate_hz = 1.0\n`;
    const h = await startCore(text, { hotReload: false });
    const config = await appConfig(h);
    expect(config.status).toBe('invalid');
    expect(config.issues.map((i) => [i.line, i.column, i.path])).toEqual([[lineOf(text, '[instruments.constructor]'), 14, 'instruments.constructor']]);
    expect(config.issues[0]?.message).toMatch(/reserved name/);
    expectPrototypeUntouched();
  });

  it('saved while running: refused with its position, nothing polluted, and the next good edit applies', async () => {
    const h = await startCore(WATCHED);
    const text = `${WATCHED}\n[instruments.__proto__]\ntype = "mock"\n`;
    const failed = await save(h, text, 'failed');
    expect(failed.issues.map((i) => [i.line, i.column, i.path])).toEqual([[lineOf(text, '[instruments.__proto__]'), 14, 'instruments.__proto__']]);
    expectPrototypeUntouched();
    const applied = await save(h, `${WATCHED}\n[instruments.extra]\ntype = "mock"\nsample_rate_hz = 2.0\n`, 'applied');
    expect(applied.summary).toBe('added extra');
    expect((await instruments(h))['extra']?.status).toBe('running');
  });
});

describe('files that crashed, hung or were misread, saved while running', () => {
  it('a 10,000-deep array: the reload status says where, and the running config stays', async () => {
    const h = await startCore(WATCHED);
    const text = `${WATCHED}\nx = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const failed = await save(h, text, 'failed');
    expect(failed.issues).toEqual([expect.objectContaining({ file: h.configPath, line: lineOf(text, 'x = '), column: 105, severity: 'error' })]);
    expect(failed.issues[0]?.message).toMatch(/nested more than 100 levels deep/);
    expect(Object.keys(await instruments(h))).toEqual(['pm', 'sig']);
  });

  it('bytes that are not UTF-8: refused at the first bad byte', async () => {
    const h = await startCore(WATCHED);
    const [before, after] = WATCHED.split('name = "Signal"') as [string, string];
    const text = Buffer.concat([Buffer.from(`${before}name = "Sign`), Buffer.from([0xe9]), Buffer.from(`nal"${after}`)]);
    const failed = await save(h, text, 'failed');
    expect(failed.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [lineOf(WATCHED, 'name = "Signal"'), 13, 'the file is not valid UTF-8 (bad byte 0xE9); save it as UTF-8'],
    ]);
    expect((await instruments(h))['sig']?.config['name']).toBe('Signal');
  });

  it.skipIf(process.platform === 'win32')('a named pipe put in place of the file: refused at 1:1, never blocking the core', async () => {
    const h = await startCore(WATCHED);
    const fifo = `${h.configPath}.fifo`;
    execFileSync('mkfifo', [fifo]);
    const next = nextEvent(h, statusOf('failed'), 5000);
    await rename(fifo, h.configPath);
    const failed = (await next) as Extract<DaqEvent, { type: 'hot-reload:status-changed' }>;
    expect(failed.reload.issues).toEqual([
      { file: h.configPath, line: 1, column: 1, path: '', message: 'the config path is a named pipe (FIFO), not a regular file', severity: 'error' },
    ]);
    // The mailbox is free: commands still answer.
    expect(Object.keys(await instruments(h))).toEqual(['pm', 'sig']);
  });
});

describe('start-up on such files', () => {
  it.skipIf(process.platform === 'win32')('a named pipe as the config path: start-up does not block and says what it is', async () => {
    const path = await tempConfig('');
    await unlink(path);
    execFileSync('mkfifo', [path]);
    const core = createCore({ configPath: path, hotReload: false });
    cleanups.push(() => core.stop());
    await core.start();
    const state = await core.invoke('GetAppState', {});
    expect(state.ok && state.value.config).toEqual({
      configPath: path,
      status: 'invalid',
      issues: [{ file: path, line: 1, column: 1, path: '', message: 'the config path is a named pipe (FIFO), not a regular file', severity: 'error' }],
    });
  });
});
