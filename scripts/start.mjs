#!/usr/bin/env node
// `npm start`: builds the app, then launches Electron on config/default.toml (or the file given
// with --config). Where the Electron binary cannot be had (no download possible), it says so in
// one line and starts browser mode instead, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('npm start: the build failed (see above)');
  process.exit(1);
}

/** The Electron executable, fetching it once if it is not there yet; undefined when it cannot be had. */
function electronBinary() {
  const pkg = join(root, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  const present = () => existsSync(pathFile) && existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8')));
  if (!present()) {
    const fetch = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, stdio: 'ignore', timeout: 120_000 });
    if (fetch.status !== 0 || !present()) return undefined;
  }
  return join(pkg, 'dist', readFileSync(pathFile, 'utf8'));
}

const electron = process.env.DAQ_BROWSER_MODE ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not available on this machine (its binary cannot be downloaded here); starting browser mode instead.');
  const child = spawn(process.execPath, [join(root, 'bin/daq.mjs'), 'serve', ...passThrough], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
