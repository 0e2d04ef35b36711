/**
 * Every config file the repository ships must load: the predecessor shipped a `config/test.toml`
 * that its own loader refused.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatConfigIssue } from '../../../shared/errors.js';
import { loadConfigFile } from './index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const configDir = join(root, 'config');

function tomlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return tomlFiles(full);
    return entry.name.endsWith('.toml') ? [full] : [];
  });
}

const files = tomlFiles(configDir);

describe('shipped config files', () => {
  it('include the default config', () => {
    expect(files.map((f) => relative(root, f))).toContain(join('config', 'default.toml'));
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s loads with no errors and no warnings', async (_name, file) => {
    const r = await loadConfigFile(file);
    const problems = r.ok ? r.warnings : r.issues;
    expect(problems.map(formatConfigIssue)).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
