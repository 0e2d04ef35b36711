#!/usr/bin/env node
// Builds the `daq` command line (main/headless/cli.ts) into one file, out/cli/daq.cjs, the way
// electron-vite builds the app: a call then starts without compiling TypeScript first.
// `npm run build` runs this; bin/daq.mjs also runs it on demand when the bundle is missing or
// older than its sources, so a fresh checkout works after `npm ci` alone.
//
// CommonJS rather than an ES module because bin/daq.mjs runs it through node:vm with V8's code
// cache, which Node 20 offers for scripts only; parsing and compiling the megabyte of code is
// otherwise the largest part of a call. The first line names the build (a hash of the rest),
// and the cache is kept per build: V8 checks only the length of the source it was made from.
//
// Beside the bundle, inputs.json lists every source file it was made from with its mtime and
// size; `bundleIsFresh` compares them with what is on disk now (a stat per file, a few ms).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Two levels below the package root, like main/headless/cli.ts: the CLI finds config/ and
// out/renderer from its own place (browser-mode.ts `repoRoot`), so the depth must match.
const outDir = join(root, 'out/cli');
export const bundleFile = join(outDir, 'daq.cjs');
const manifestFile = join(outDir, 'inputs.json');
const MANIFEST_FORMAT = 2;

// Besides the sources esbuild reports: this script (its options shape the bundle) and npm's
// record of what is installed (the bundled dependencies change when it does).
const extraInputs = [fileURLToPath(import.meta.url), join(root, 'node_modules/.package-lock.json')];

function stamp(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? [s.mtimeMs, s.size] : null;
}

/** The build named on the bundle's first line, read without reading the megabyte behind it. */
function bundleBuildId() {
  let fd;
  try {
    fd = openSync(bundleFile, 'r');
    const head = Buffer.alloc(64);
    return buildIdOf(head.toString('latin1', 0, readSync(fd, head, 0, head.length, 0)));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when out/cli/daq.cjs exists and no file it was built from has changed since. */
export function bundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return false;
  }
  // Two builds at once may leave one's manifest beside the other's bundle: it must be its own.
  if (manifest.format !== MANIFEST_FORMAT || manifest.buildId === undefined || bundleBuildId() !== manifest.buildId) return false;
  for (const [file, recorded] of Object.entries(manifest.inputs)) {
    const now = stamp(join(root, file));
    if (now === null || recorded === null ? now !== recorded : now[0] !== recorded[0] || now[1] !== recorded[1]) return false;
  }
  return true;
}

// serialport loads a native binding and a dozen packages (about 40 ms) when imported; most
// calls never open a port. This stand-in loads the real module on first use (`new SerialPort`,
// `SerialPort.list()`), from node_modules, where the binding finds its prebuilds.
const lazySerialport = `
let real;
const load = () => (real ??= require('serialport').SerialPort);
export const SerialPort = new Proxy(function SerialPort() {}, {
  construct: (_target, args) => Reflect.construct(load(), args),
  get: (_target, key) => Reflect.get(load(), key),
  has: (_target, key) => Reflect.has(load(), key),
});
`;

const lazySerialportPlugin = {
  name: 'lazy-serialport',
  setup(build) {
    build.onResolve({ filter: /^serialport$/ }, (args) =>
      args.namespace === 'lazy-serialport' ? { external: true } : { path: 'serialport', namespace: 'lazy-serialport' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-serialport' }, () => ({ contents: lazySerialport, loader: 'js', resolveDir: outDir }));
  },
};

/** Writes a file by rename, so a `daq` starting meanwhile reads the old or the new one whole. */
function writeAtomically(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  try {
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** What the bundle sees as `import.meta.url`: a parameter of the function bin/daq.mjs wraps it in. */
export const importMetaUrlName = '__daqImportMetaUrl';

/** The build a bundle's first line names, or undefined for a file not written by `buildCli`. */
export function buildIdOf(source) {
  return /^\/\/ daq-cli build ([0-9a-f]{16})\n/.exec(source)?.[1];
}

/** Where V8's code cache for one build of the bundle is kept. */
export function codeCacheFile(buildId) {
  return join(outDir, `daq.${buildId}.v8cache`);
}

/**
 * Builds the bundle and its inputs list. Throws when esbuild is not installed (a production-only
 * install) or the sources do not compile (esbuild has printed why).
 */
export async function buildCli() {
  // Loaded here, not at the top: bin/daq.mjs imports this file on every call, and these are
  // needed only to build.
  const esbuild = await import('esbuild');
  const { createHash } = await import('node:crypto');
  // A source saved while esbuild reads it may be in the bundle as it was before; such a file is
  // recorded as changed, so the next call builds again.
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['main/headless/cli.ts'],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    // Less text to read and hash at every start; names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // Optional native speed-ups of ws, loaded in a try/catch and usually absent.
    external: ['bufferutil', 'utf-8-validate'],
    plugins: [lazySerialportPlugin],
    // browser-mode.ts finds the package root from its own URL; any other use of import.meta
    // would be empty in CommonJS, so it fails the build instead of the command.
    define: { 'import.meta.url': importMetaUrlName },
    logOverride: { 'empty-import-meta': 'error' },
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':') && !input.includes('node_modules/'))
    .map((input) => resolve(root, input));
  const inputs = {};
  for (const file of [...sources, ...extraInputs]) {
    const now = stamp(file);
    // Changed during the build (the margin covers the coarse clock of file timestamps). npm's
    // record may be absent (node_modules laid out by other means): null, fresh while absent.
    const changedMeanwhile = now !== null && now[0] > started - 50;
    inputs[relative(root, file)] = changedMeanwhile ? [-1, -1] : now;
  }
  const [output] = result.outputFiles;
  const buildId = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
  mkdirSync(outDir, { recursive: true });
  writeAtomically(bundleFile, `// daq-cli build ${buildId}\n${output.text}`);
  // Written last: a manifest never describes a bundle that is not there yet.
  writeAtomically(manifestFile, JSON.stringify({ format: MANIFEST_FORMAT, buildId, inputs }, null, 1));
  // Caches of earlier builds are of no use; a `daq` still running one may write it again, which
  // only costs the space until the next build.
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.v8cache') && name !== `daq.${buildId}.v8cache`) rmSync(join(outDir, name), { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    await buildCli();
    console.log(`built ${relative(root, bundleFile)}`);
  } catch (err) {
    // esbuild has already printed compile errors; anything else is said here.
    if (!err?.errors) console.error(`build-cli: ${err?.message ?? err}`);
    process.exitCode = 1;
  }
}
