/**
 * Where code runs is fixed by its folder: dependency-cruiser checks every import (static,
 * dynamic, type-only and side-effect ones) against `.dependency-cruiser.cjs` — the renderer
 * never reaches main or Node, the core never reaches Electron or the glue, shared/ stays free
 * of Node, the TOML layer stays below config and actor, the preload imports only the command
 * list, nothing that ships imports tests or benchmarks, and there are no cycles.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

async function cruiseRepo(): Promise<ICruiseResult> {
  const config = require(resolve(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };
  const previous = process.cwd();
  process.chdir(root);
  try {
    const reporterOutput = await cruise(['main', 'shared', 'renderer', 'bench', 'scripts'], { ...config.options, ruleSet: { forbidden: config.forbidden } } as never);
    return reporterOutput.output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
}

describe('import boundaries', () => {
  it('every module keeps to the rules of its folder, with no cycles', async () => {
    const result = await cruiseRepo();
    const edges = (from: string): string[] => result.modules.find((m) => m.source === from)?.dependencies.map((d) => d.resolved) ?? [];
    // The cruise saw the code: an empty list means no violation, not a blind scanner.
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(edges('main/core/actor/core.ts')).toContain('shared/errors.ts');
    expect(edges('main/electron/ipc-bridge.ts')).toContain('node_modules/electron/index.js');
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => (typeof c === 'string' ? c : c.name)).join(' → ')})` : ''}`);
    expect(violations).toEqual([]);
  }, 120_000);
});
