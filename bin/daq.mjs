#!/usr/bin/env node
// The `daq` command. It runs the built bundle (out/cli/daq.cjs, made by scripts/build-cli.mjs)
// so a call does not compile TypeScript first; when the bundle is missing or older than the
// sources it is built here, once. Without esbuild (an install without dev dependencies) or
// without a writable out/ it runs the sources through tsx instead, slower but the same.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { buildCli, buildIdOf, bundleFile, bundleIsFresh, codeCacheFile, importMetaUrlName } from '../scripts/build-cli.mjs';

// Progress is said only to a person at a terminal (or with DAQ_VERBOSE): scripts and tests read
// stderr as the command's own output.
const tell = (line) => (process.stderr.isTTY || process.env.DAQ_VERBOSE ? console.error(`daq: ${line}`) : undefined);

/** Builds the bundle; false when it cannot be built here (as opposed to sources that do not compile). */
async function build() {
  tell('building the command line (out/cli/daq.cjs), once after each change to its sources…');
  try {
    await buildCli();
    return true;
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' || ['EACCES', 'EPERM', 'EROFS'].includes(err?.code)) return false;
    // Compile errors were printed by esbuild above.
    if (!err?.errors) console.error(`daq: could not build the command line: ${err?.message ?? err}`);
    process.exit(1);
  }
}

function saveCodeCache(script, file) {
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, file);
  } catch {
    // A read-only out/ only means the next call compiles again.
    rmSync(`${file}.${process.pid}.tmp`, { force: true });
  }
}

/**
 * Runs the bundle as Node runs a CommonJS module, but compiled with V8's code cache: the cache
 * made after the first run of a build spares later runs most of parsing and compiling.
 */
function runBundle() {
  const source = readFileSync(bundleFile, 'utf8');
  const buildId = buildIdOf(source);
  const cacheFile = buildId === undefined ? undefined : codeCacheFile(buildId);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet for this build: made at the end of this run.
  }
  // One line, so positions in stack traces match the file's.
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${importMetaUrlName}) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundleFile, ...(cachedData ? { cachedData } : {}) });
  // After the command's work, so the cache holds the functions it compiled along the way.
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('beforeExit', () => saveCodeCache(script, cacheFile));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile), pathToFileURL(bundleFile).href);
}

if (bundleIsFresh() || (await build())) runBundle();
else {
  tell('the command line cannot be built here; running it from the TypeScript sources');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/headless/cli.ts');
}
