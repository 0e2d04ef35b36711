#!/usr/bin/env node
// `npm test`: every tier in order — typecheck, unit/integration (vitest, with coverage),
// the production build, end-to-end (Playwright in Chromium against browser mode) — then one
// closing line `N passed, N failed, N skipped` counted from the runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

const steps = [];
// The renderer's own tests too (tsconfig.web-tests.json): they run in Node, so the shipped
// renderer config leaves them out.
steps.push(['typecheck', ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.web-tests.json'].every((config) => run('typecheck', 'npx', ['tsc', '-p', config, '--noEmit']))]);
steps.push(['unit', run('unit and integration tests', 'npx', ['vitest', 'run', '--coverage'])]);
const built = run('build', 'npx', ['electron-vite', 'build']);
steps.push(['build', built]);
if (built) steps.push(['e2e', run('end-to-end tests (Chromium, browser mode)', 'npx', ['playwright', 'test'])]);
// The same specs through Electron's own window, where this machine has the Electron binary.
if (built && electronBinary()) {
  process.env.E2E_SHELL = 'electron';
  process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = join(reports, 'playwright-electron.json');
  steps.push(['e2e-electron', run('end-to-end tests (Electron)', 'npx', ['playwright', 'test', '--reporter=list,json'])]);
} else if (built) {
  console.log('\nend-to-end tests (Electron): not run — no Electron binary on this machine (it cannot be downloaded here); browser mode covered the same specs');
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitestReport = join(reports, 'vitest.json');
if (existsSync(vitestReport)) {
  const v = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
} else failed += 1;
for (const name of ['playwright.json', 'playwright-electron.json']) {
  const report = join(reports, name);
  if (existsSync(report)) {
    const p = JSON.parse(readFileSync(report, 'utf8')).stats;
    passed += p.expected + p.flaky;
    failed += p.unexpected;
    skipped += p.skipped;
  } else if (built && name === 'playwright.json') failed += 1;
}

const brokenSteps = steps.filter(([, ok]) => !ok).map(([name]) => name);
if (brokenSteps.length > 0) console.log(`\nsteps that failed: ${brokenSteps.join(', ')}`);
// A failed step with no failed test in it (typecheck, build, coverage threshold) still counts.
if (brokenSteps.length > 0 && failed === 0) failed = brokenSteps.length;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(brokenSteps.length > 0 || failed > 0 ? 1 : 0);
