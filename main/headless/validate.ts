/**
 * `daq validate`: loads a config file as the app would and prints every issue as
 * `file:line:col: message`. Kept apart from cli.ts (which runs `main` when imported) so tests
 * can run it in-process over many files.
 */
import { formatConfigIssue } from '../../shared/errors.js';
import { loadConfigFile } from '../core/index.js';

/** Prints the issues (or the summary of a good file) through `print`; the exit code is returned. */
export async function validateConfig(configPath: string, print: (line: string) => void = console.log): Promise<number> {
  const loaded = await loadConfigFile(configPath);
  const issues = loaded.ok ? loaded.warnings : loaded.issues;
  for (const issue of issues) print(formatConfigIssue(issue));
  if (!loaded.ok) return 1;
  const c = loaded.config;
  print(`${configPath}: ok (${Object.keys(c.instruments).length} instruments, ${Object.keys(c.modules).length} modules)`);
  return 0;
}
