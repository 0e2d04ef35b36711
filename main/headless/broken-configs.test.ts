/**
 * Every file of the broken-config corpus (broken-configs-test-kit.ts) through the three ways a
 * config is read: `daq validate`, the start-up of a core, and hot reload of a running core.
 * Each one must be reported with file:line:column; none may crash, hang or leave the running
 * configuration replaced. The bulk runs in-process; a few representative files go through the
 * real `daq` command as a child process (validate and serve).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../core/index.js';
import { buildCorpus, clear, closeServers, counts, expectNone, materialise, root, unlocated, unlocatedLines, type Entry } from './test-support/broken-configs-test-kit.js';
import { validateConfig } from './validate.js';

const daq = join(root, 'bin/daq.mjs');
const corpus = buildCorpus();
let dir: string;
const pathOf = (e: Entry): string => join(dir, e.name);

const GOOD = `log_level = "info"
[application]
[storage]
default_path = "data"
[instruments.sig]
type = "mock"
sample_rate_hz = 5.0
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-broken-'));
  for (const e of corpus) await materialise(e, pathOf(e));
});
afterAll(async () => {
  await closeServers();
  await clear(dir);
});

describe(`the broken-config corpus: ${counts(corpus)}`, () => {
  it('holds the cases the defects were found with and the whole invalid set of toml-test', () => {
    const names = corpus.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['fixture-proto-instrument.toml', 'fixture-constructor-instrument.toml', 'generated-deep-array.toml']));
    expect(corpus.filter((e) => e.group === 'toml-test').length).toBeGreaterThan(400);
  });

  it('daq validate (in-process): every file exits 1 with file:line:col lines', async () => {
    const problems: string[] = [];
    for (const e of corpus) {
      const lines: string[] = [];
      const code = await validateConfig(pathOf(e), (line) => lines.push(line));
      const why = code !== 1 ? `exit ${code}` : unlocatedLines(lines, pathOf(e));
      if (why) problems.push(`${e.name}: ${why}`);
    }
    console.log(`daq validate: ${corpus.length - problems.length}/${corpus.length} reported with file:line:col`);
    expectNone(problems);
  });

  it('start-up: every file leaves the core in the error state with located issues', async () => {
    const problems: string[] = [];
    for (const e of corpus) {
      const core = createCore({ configPath: pathOf(e), hotReload: false });
      await core.start();
      const state = await core.invoke('GetAppState', {});
      await core.stop();
      if (!state.ok) problems.push(`${e.name}: GetAppState ${state.error.code}`);
      else if (state.value.config.status !== 'invalid') problems.push(`${e.name}: started with status ${state.value.config.status}`);
      else {
        const why = unlocated(state.value.config.issues, pathOf(e));
        if (why) problems.push(`${e.name}: ${why}`);
      }
    }
    console.log(`start-up: ${corpus.length - problems.length}/${corpus.length} in the error state with located issues`);
    expectNone(problems);
  });

  it('hot reload: every file saved over a running config is refused with located issues; the config keeps running', async () => {
    const home = await mkdtemp(join(dir, 'running-'));
    const configPath = join(home, 'daq.toml');
    await writeFile(configPath, GOOD);
    // ReloadConfig reads the file exactly as a watcher-triggered reload does (the watcher path
    // itself is covered in main/core/actor/hostile-config.test.ts).
    const core = createCore({ configPath, hotReload: false });
    await core.start();
    const problems: string[] = [];
    try {
      for (const e of corpus) {
        await clear(configPath);
        await materialise(e, configPath);
        const r = await core.invoke('ReloadConfig', {});
        if (!r.ok) problems.push(`${e.name}: ${r.error.code} ${r.error.message.slice(0, 200)}`);
        else if (r.value.outcome !== 'failed') problems.push(`${e.name}: outcome ${r.value.outcome}`);
        else {
          const why = unlocated(r.value.issues, configPath);
          if (why) problems.push(`${e.name}: ${why}`);
        }
      }
      console.log(`hot reload: ${corpus.length - problems.length}/${corpus.length} refused with located issues`);
      const listed = await core.invoke('ListInstruments', {});
      expect(listed.ok && listed.value.instruments.map((i) => [i.id, i.status])).toEqual([['sig', 'running']]);
      // Still a working process: a good edit after all of that applies.
      await clear(configPath);
      await writeFile(configPath, GOOD.replace('5.0', '6.0'));
      expect(await core.invoke('ReloadConfig', {})).toMatchObject({ ok: true, value: { outcome: 'applied', summary: 'sig.sample_rate_hz 5 → 6' } });
    } finally {
      await core.stop();
    }
    expectNone(problems);
  });
});

function runDaq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Below the tests' own timeouts, so a hanging child is killed rather than left behind.
    execFile(process.execPath, [daq, ...args], { cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      done({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

/** Starts `daq serve` on `file`, waits for its URL, stops it; what it printed on stderr. */
function serveOnce(file: string): Promise<{ url: string; stderr: string; code: number | null }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [daq, 'serve', '--config', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let out = '';
    let err = '';
    let url = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!url && out.includes('\n')) {
        url = out.split('\n')[0] as string;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      done({ url, stderr: err + (signal ? `\nkilled by ${signal}` : ''), code });
    });
  });
}

describe('the daq command on representative broken files (child processes)', () => {
  const representative = corpus.filter((e) =>
    ['fixture-proto-instrument.toml', 'fixture-constructor-instrument.toml', 'fixture-not-utf8.toml', 'generated-deep-array.toml', 'special-fifo.toml'].includes(e.name) ||
    e.name === corpus.find((c) => c.group === 'toml-test')?.name,
  );

  it('daq validate exits 1 with located lines and no stack trace', { timeout: 120_000 }, async () => {
    // Two at a time: each child compiles the sources first, and the machine may be shared.
    const results: (readonly [Entry, Awaited<ReturnType<typeof runDaq>>])[] = [];
    for (let i = 0; i < representative.length; i += 2) {
      const pair = representative.slice(i, i + 2);
      results.push(...(await Promise.all(pair.map(async (e) => [e, await runDaq(['validate', '--config', pathOf(e)])] as const))));
    }
    const problems = results.flatMap(([e, r]) => {
      const why = r.code !== 1 ? `exit ${r.code}` : r.stderr.trim() !== '' ? `stderr: ${r.stderr.slice(0, 300)}` : unlocatedLines(r.stdout.trim().split('\n'), pathOf(e));
      return why ? [`${e.name}: ${why}`] : [];
    });
    console.log(`daq validate (child): ${results.length - problems.length}/${results.length} located`);
    expectNone(problems);
  });

  it('daq serve comes up (in the error state) on a reserved id and on a named pipe, and stops on SIGTERM', { timeout: 90_000 }, async () => {
    const files = corpus.filter((e) => e.name === 'fixture-constructor-instrument.toml' || e.name === 'special-fifo.toml');
    for (const e of files) {
      const r = await serveOnce(pathOf(e));
      expect(r.url, `${e.name}: ${r.stderr}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(r.code, `${e.name}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toContain(`${pathOf(e)}:`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
