/**
 * Test fixtures: each test gets its own browser-mode app (a `daq serve` child process on a
 * temp copy of a config file) and a page opened on it, ready when the renderer has applied its
 * first snapshot (`data-app-state="ready"`). No sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, expect, type Page } from '@playwright/test';
// @ts-expect-error plain JS helper shared with the start script
import { electronBinary } from '../scripts/electron-binary.mjs';

/** `E2E_SHELL=electron` runs the specs through Electron instead of browser mode. */
const shell = process.env['E2E_SHELL'] === 'electron' ? 'electron' : 'browser';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface AppUnderTest {
  readonly url: string;
  readonly token: string;
  readonly configPath: string;
  readonly dir: string;
}

async function startServe(configPath: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/daq.mjs'), 'serve', '--config', configPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`daq serve printed no URL in 20 s. stderr:\n${stderr}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolveUrl(line.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`daq serve exited with ${code}. stderr:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

export const test = base.extend<{ configSource: string; app: AppUnderTest; appPage: Page }>({
  configSource: [join(repoRoot, 'config/default.toml'), { option: true }],
  app: async ({ configSource }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'daq-e2e-'));
    const configPath = join(dir, 'config.toml');
    await copyFile(configSource, configPath);
    if (shell === 'electron') {
      // Electron runs its own core on the file (in appPage); no browser-mode server then.
      try {
        await use({ url: '', token: '', configPath, dir });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      return;
    }
    const { child, url, stderr } = await startServe(configPath);
    try {
      await use({ url, token: new URL(url).searchParams.get('token') ?? '', configPath, dir });
    } finally {
      child.kill('SIGTERM');
      const exited = new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
      // A server that does not stop within 10 s is a failure of its own: kill it and say so.
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
      if (killed) throw new Error(`daq serve did not stop within 10 s of SIGTERM. stderr:\n${stderr()}`);
    }
  },
  appPage: async ({ page, app }, use) => {
    if (shell === 'electron') {
      // The same specs against the real Electron shell (preload, sandbox, IPC) where a binary exists.
      const electronApp = await _electron.launch({
        executablePath: electronBinary(),
        args: [join(repoRoot, 'out/main/app.js'), `--config=${app.configPath}`],
      });
      try {
        const window = await electronApp.firstWindow();
        await expect(window.locator('[data-app-state="ready"]')).toBeVisible();
        await use(window);
      } finally {
        await electronApp.close();
      }
      return;
    }
    await page.goto(app.url);
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    await use(page);
  },
});

export { expect };
