/**
 * The `daq` command as a user's script runs it: a child process, its exit code, its output,
 * and the config file left untouched when a command fails.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const daq = join(root, 'bin/daq.mjs');

function runDaq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [daq, ...args], { cwd: root, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      done({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-cli-'));
  config = join(dir, 'bench.toml');
  await copyFile(join(root, 'config/default.toml'), config);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('daq validate', () => {
  it('accepts the shipped config', async () => {
    const r = await runDaq(['validate', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok (7 instruments, 3 modules)');
  });

  it('lists every error as file:line:col and exits 1', async () => {
    const bad = join(dir, 'bad.toml');
    await writeFile(bad, 'log_level = "loud"\n[application]\n[storage]\ndefault_path = "d"\n[instruments.a]\ntype = "mock"\nsample_rate_hz = -1\n');
    const r = await runDaq(['validate', '--config', bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      `${bad}:1:1: must be one of error, warn, info, debug, trace (log_level)`,
      `${bad}:7:1: out of range (0.1..1000000 Hz) (instruments.a.sample_rate_hz)`,
    ]);
    // Named without --config, the file is the one checked, not the default config.
    const named = await runDaq(['validate', bad]);
    expect(named.code).toBe(1);
    expect(named.stdout.trim().split('\n')).toEqual(lines);
  });

  it('reports a TOML syntax error with its position', async () => {
    const bad = join(dir, 'syntax.toml');
    await writeFile(bad, 'log_level = "info"\nx = = 1\n');
    const r = await runDaq(['validate', '--config', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}:2:5: TOML syntax error`));
  });

  it('reports a missing file', async () => {
    const r = await runDaq(['validate', '--config', join(dir, 'nope.toml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('nope.toml:1:1: config file not found');
  });
});

describe('daq call (in-process)', () => {
  it('runs a command and prints its JSON result', async () => {
    const r = await runDaq(['call', 'ListInstruments', '{}', '--config', config]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(true);
    expect(result.value.instruments.map((i: { id: string }) => i.id)).toContain('pm_sample');
  });

  it.each([
    ['bad JSON', ['AddInstrumentDynamic', '{bad'], 'VALIDATION', /not valid JSON/],
    ['an unknown command', ['FrobnicateEverything', '{}'], 'VALIDATION', /unknown command "FrobnicateEverything"/],
    ['invalid arguments', ['AddInstrumentDynamic', '{"id":"bad id!","config":{"type":"mock"}}'], 'VALIDATION', /id: must be 1-64 characters/],
    ['an unknown parameter', ['UpdateInstrumentParameter', '{"id":"pm_sample","param":"colour","value":1}'], 'VALIDATION', /unknown parameter "colour"/],
    ['an in-use instrument', ['RemoveInstrumentDynamic', '{"id":"pm_sample"}'], 'IN_USE', /used by power_watch \(power_meter\)/],
    ['a payload nested 1,500 deep', ['UpdateInstrumentParameter', `{"id":"pm_sample","param":"amplitude","value":${'['.repeat(1500)}${']'.repeat(1500)}}`], 'VALIDATION', /value(\.0)+: nested deeper than 64 levels/],
    ['a null payload', ['ListInstruments', 'null'], 'VALIDATION', /expected an object, got null/],
    ['a "__proto__" key', ['AddInstrumentDynamic', '{"id":"p","config":{"type":"mock","sample_rate_hz":5,"__proto__":{}}}'], 'VALIDATION', /config\.__proto__: key "__proto__" is not allowed/],
  ])('refuses %s with a clear error, exit 1, file untouched', async (_what, args, code, message) => {
    const before = await sha(config);
    const r = await runDaq(['call', ...(args as string[]), '--config', config]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(result.error.message).toMatch(message as RegExp);
    expect(await sha(config)).toBe(before);
  });

  it('exits 2 with usage for an unknown subcommand', async () => {
    const r = await runDaq(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('usage:');
  });
});

describe('daq watch on its own', () => {
  it('runs the config and prints readings as text until the count is reached', async () => {
    const r = await runDaq(['watch', '--config', config, '--channel', 'ti_sapph:', '--count', '2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z  ti_sapph:\S+  -?[\d.e+-]+ \S*$/);
    expect((await runDaq(['watch', '--config', config, '--count', '0'])).code).toBe(2);
  });
});

describe('daq serve and daq call --server', () => {
  it('prints the URL first, answers remote calls, refuses a wrong token', async () => {
    const child = spawn(process.execPath, [daq, 'serve', '--config', config], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((done, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) done(out.split('\n')[0] as string);
        });
        child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
      });
      // 192 random bits in hex: never starts with "-", which `--token T` would take for an option.
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      const token = new URL(url).searchParams.get('token') as string;
      const good = await runDaq(['call', 'ListModules', '{}', '--server', url, '--token', token]);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout).value.modules).toHaveLength(3);
      const bad = await runDaq(['call', 'ListModules', '{}', '--server', url, '--token', 'not-the-token']);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout).error.code).toBe('UNAUTHORIZED');

      // daq watch: the readings the GUI sees, one JSON object a line, only the channels asked for.
      const watched = await runDaq(['watch', '--server', url, '--token', token, '--channel', 'pm_sample:', '--json', '--count', '3']);
      expect(watched.code).toBe(0);
      const lines = watched.stdout.trim().split('\n').map((l) => JSON.parse(l) as { channel: string; value: number; unit: string; timestamp: number });
      expect(lines).toHaveLength(3);
      for (const r of lines) expect(r).toMatchObject({ channel: expect.stringMatching(/^pm_sample:/), value: expect.any(Number), unit: expect.any(String) });
      const refused = await runDaq(['watch', '--server', url, '--token', 'not-the-token', '--count', '1']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/HTTP 401: wrong token/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
