/**
 * Packaging smoke test: runs electron-builder for real (`--linux --dir`, the unpacked app that
 * every installer is made from) and checks what it produced.
 *
 * The Electron binary cannot be downloaded where these tests run, so `electronDist` points at a
 * stand-in distribution: for linux-unpacked electron-builder only copies that folder and renames
 * its `electron` executable to the app's executable name (app-builder-lib's ElectronFramework
 * `unpack` and `beforeCopyExtraFiles`); licence files are optional and fuses are not configured.
 * Everything else — file patterns, asar, asarUnpack, extraResources, production dependencies — is
 * electron-builder's own work on the real project.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** The part of @electron/asar used here; taken from electron-builder's own dependency tree. */
interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean };
  extractFile(archive: string, filename: string): Buffer;
  extractAll(archive: string, dest: string): void;
}
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const asar = fromBuilder('@electron/asar') as Asar;

/** What `npm run build` writes and the package needs; built here when absent (`npm test` builds after the unit tier). */
const BUILD_OUTPUT = ['out/main/app.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];

let work: string;
let appDir: string;
let archive: string;
/** Archive entries, relative and with forward slashes (`out/main/app.js`). */
let entries: string[];

async function ensureBuilt(): Promise<void> {
  if (BUILD_OUTPUT.every((file) => existsSync(join(root, file)))) return;
  await run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, timeout: 120_000 });
}

/** Runs electron-builder; on failure the error carries the end of its output. */
async function electronBuilder(args: string[]): Promise<void> {
  try {
    await run(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), ...args], {
      cwd: root,
      timeout: 120_000,
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder failed:\n${`${stdout}\n${stderr}`.split('\n').slice(-40).join('\n')}`);
  }
}

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'daq-packaging-'));
  const stub = join(work, 'electron-dist');
  await mkdir(stub);
  // Never run: it only has to exist, be executable and be named like Electron's binary.
  await writeFile(join(stub, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary" >&2\nexit 1\n');
  await chmod(join(stub, 'electron'), 0o755);

  const output = join(work, 'dist');
  await electronBuilder(['--linux', '--dir', '--publish', 'never', `-c.electronDist=${stub}`, `-c.directories.output=${output}`]);
  // linux-unpacked on x64, linux-<arch>-unpacked elsewhere.
  const unpacked = (await readdir(output)).filter((name) => name.endsWith('-unpacked'));
  expect(unpacked).toHaveLength(1);
  appDir = join(output, unpacked[0]!);
  archive = join(appDir, 'resources', 'app.asar');
  entries = asar.listPackage(archive, { isPack: false }).map((entry) => entry.replaceAll('\\', '/').replace(/^\//, ''));
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the unpacked Linux app (electron-builder --dir)', () => {
  it('has the executable named daq-studio, taken from the Electron distribution', async () => {
    const executable = await stat(join(appDir, 'daq-studio'));
    expect(executable.isFile()).toBe(true);
    if (process.platform !== 'win32') expect(executable.mode & 0o111).not.toBe(0);
    expect(existsSync(join(appDir, 'electron'))).toBe(false);
  });

  it('packs the three bundles and package.json, whose entry point is in the archive', () => {
    for (const file of [...BUILD_OUTPUT, 'package.json']) expect(entries).toContain(file);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, string>;
    expect(entries).toContain(pkg.main);
    // extraMetadata reached the packaged copy, where Electron reads desktopName at start-up.
    expect(pkg).toMatchObject({ desktopName: 'daq-studio.desktop', homepage: expect.stringMatching(/^https:\/\//) });
  });

  it('holds only the build output, package.json and production dependencies', () => {
    const own = entries.filter((entry) => entry.split('/')[0] !== 'node_modules');
    // The CLI's bundle, built into out/ too, stays out of the app.
    expect(own.filter((entry) => entry.startsWith('out/') && !/^out\/(main|preload|renderer)(\/|$)/.test(entry))).toEqual([]);
    expect(own.filter((entry) => entry.split('/')[0] !== 'out' && entry !== 'package.json')).toEqual([]);
    // Development tools never ship: Electron itself comes from the distribution, not node_modules.
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'react']) expect(entries).not.toContain(`node_modules/${dev}`);
  });

  it('has no TypeScript sources, source maps or tests, in the app or its dependencies', () => {
    expect(entries.filter((entry) => /\.(ts|tsx|mts|cts|map)$/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /(^|\/)(__tests__|tests?)(\/|$)|\.(test|spec)\.[cm]?[jt]sx?$/.test(entry))).toEqual([]);
  });

  it('ships config/default.toml as a resource, byte for byte', async () => {
    const shipped = await readFile(join(appDir, 'resources', 'config', 'default.toml'));
    expect(shipped.equals(await readFile(join(root, 'config', 'default.toml')))).toBe(true);
  });

  it('keeps the serialport native addons outside the archive, where they can be loaded', () => {
    const addons = entries.filter((entry) => entry.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/') && entry.endsWith('.node'));
    expect(addons).not.toEqual([]);
    for (const addon of addons) {
      expect(asar.statFile(archive, addon).unpacked, addon).toBe(true);
      expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked', addon)), addon).toBe(true);
    }
    // The one this machine's architecture would load, and one for each installer's platform
    // (the prebuilds are packed whole, so a Windows or macOS build carries its own too).
    expect(addons.some((addon) => addon.includes(`/prebuilds/linux-${process.arch}/`))).toBe(true);
    for (const target of ['linux-x64', 'win32-x64', 'darwin-x64+arm64']) expect(addons.some((addon) => addon.includes(`/prebuilds/${target}/`)), target).toBe(true);
  });

  it('every package the main bundle imports loads from the packaged files alone', async () => {
    const extracted = join(work, 'extracted');
    asar.extractAll(archive, extracted);
    const main = await readFile(join(extracted, 'out', 'main', 'app.js'), 'utf8');
    // The main bundle keeps its dependencies external (electron-vite externalizeDeps): static
    // imports at the top, and import("…") for any it loads only when needed.
    const specifiers = [...main.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"([^"]+)";?$|\bimport\(\s*"([^"]+)"\s*\)/gm)].map((m) => (m[1] ?? m[2])!);
    const packages = [...new Set(specifiers)].filter((s) => !s.startsWith('node:') && !s.startsWith('.') && s !== 'electron');
    expect(packages).toContain('serialport');
    // Run from inside the extracted tree (and without NODE_PATH), so only the packaged
    // node_modules can satisfy an import; bindings-cpp loads serialport's native addon.
    const probe = join(extracted, 'probe.mjs');
    await writeFile(probe, [...packages, '@serialport/bindings-cpp'].map((p) => `import ${JSON.stringify(p)};\n`).join(''));
    const env = { ...process.env, NODE_PATH: '' };
    await expect(run(process.execPath, [probe], { cwd: extracted, env, timeout: 30_000 })).resolves.toBeDefined();
  });

  it('the packed main module starts under a stand-in electron: one instance, then waits for ready', async () => {
    const extracted = join(work, 'extracted');
    if (!existsSync(extracted)) asar.extractAll(archive, extracted);
    const main = await readFile(join(extracted, 'out', 'main', 'app.js'), 'utf8');
    const imported = /^import\s*\{([^}]*)\}\s*from\s*"electron";?$/m.exec(main)?.[1];
    expect(imported, 'the main bundle imports named members of electron').toBeDefined();
    const names = imported!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!).filter(Boolean);
    // Every member records what is done with it; whenReady never resolves, so the app stops at
    // the point where Electron would open the window, and the calls up to there are printed.
    const stub = [
      'const calls = [];',
      "process.on('exit', () => process.stdout.write(JSON.stringify(calls)));",
      'function fake(path) {',
      '  return new Proxy(function () {}, {',
      "    get(_, prop) { if (prop === 'then' || typeof prop === 'symbol') return undefined;",
      "      if (prop === 'whenReady') return () => { calls.push(`${path}.whenReady`); return new Promise(() => {}); };",
      '      return fake(`${path}.${prop}`); },',
      '    apply() { calls.push(path); return fake(`${path}()`); },',
      '    construct() { calls.push(`new ${path}`); return fake(`new ${path}`); },',
      '  });',
      '}',
      ...names.map((n) => `export const ${n} = fake(${JSON.stringify(n)});`),
    ].join('\n');
    await writeFile(join(work, 'electron-stub.mjs'), stub);
    await writeFile(
      join(work, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {\n  if (specifier === 'electron') return { url: ${JSON.stringify(pathToFileURL(join(work, 'electron-stub.mjs')).href)}, shortCircuit: true };\n  return next(specifier, context);\n}\n`,
    );
    await writeFile(join(work, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const env = { ...process.env, NODE_PATH: '' };
    const { stdout } = await run(process.execPath, ['--import', pathToFileURL(join(work, 'register.mjs')).href, join(extracted, 'out', 'main', 'app.js')], { cwd: extracted, env, timeout: 30_000 });
    const calls = JSON.parse(stdout) as string[];
    expect(calls.slice(0, 2)).toEqual(['app.requestSingleInstanceLock', 'app.whenReady']);
  });
});
