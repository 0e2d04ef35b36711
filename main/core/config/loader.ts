/**
 * Loading a config document: TOML syntax, then the zod schema of the whole document, with
 * every issue pinned to file, line, column and key path. Unknown keys are warnings (a newer
 * file may carry keys this build does not know); everything else is an error.
 */
import type { AST } from 'toml-eslint-parser';
import type { z } from 'zod';
import type { ConfigIssue } from '../../../shared/errors.js';
import { crossReferenceIssues, daqConfigSchema, type DaqConfig } from '../../../shared/model/config.js';
import { configSizeIssue, readConfigFile } from './config-file.js';
import { pathText } from './key-checks.js';
import { locateKeyPath, parseTomlText, type ParsedToml } from './toml-document.js';

export type LoadResult =
  | { ok: true; config: DaqConfig; doc: ParsedToml; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[] };

function toIssues(zodIssues: readonly z.core.$ZodIssue[], doc: ParsedToml, file: string): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of zodIssues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const loc = locateKeyPath(doc.ast, [...path, key]);
        out.push({
          file,
          line: loc.start.line,
          column: loc.start.column + 1,
          path: pathText([...path, key]),
          message: `unknown key "${key}" (ignored)`,
          severity: 'warning',
        });
      }
      continue;
    }
    const loc = locateKeyPath(doc.ast, path);
    // A bad record key (an instrument or module id) comes as "Invalid key in record"; the
    // rule it broke (the id pattern) is in the nested issues.
    const message = issue.code === 'invalid_key' && issue.issues.length > 0 ? issue.issues.map((i) => i.message).join('; ') : issue.message;
    out.push({ file, line: loc.start.line, column: loc.start.column + 1, path: pathText(path), message, severity: 'error' });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Validates a parsed value. Unknown keys are reported as warnings and dropped from the
 * returned config, so the model only holds what the schemas know.
 */
export function validateConfigValue(value: unknown, doc: ParsedToml, file: string): LoadResult {
  const parsed = daqConfigSchema.safeParse(value);
  const crossRefs = crossReferenceIssues(value).map((i) => ({ code: 'custom', path: i.path, message: i.message, input: undefined }));
  const zodIssues = [...(parsed.success ? [] : parsed.error.issues), ...crossRefs] as z.core.$ZodIssue[];
  if (zodIssues.length === 0 && parsed.success) return { ok: true, config: parsed.data as DaqConfig, doc, warnings: [] };
  const issues = toIssues(zodIssues, doc, file);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues };
  const cleaned = stripUnknown(value, zodIssues);
  const retry = daqConfigSchema.safeParse(cleaned);
  if (!retry.success) return { ok: false, issues: toIssues(retry.error.issues, doc, file) };
  return { ok: true, config: retry.data as DaqConfig, doc, warnings: issues };
}

function stripUnknown(value: unknown, zodIssues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const issue of zodIssues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const p of issue.path) target = (target as Record<PropertyKey, unknown>)?.[p as string];
    if (target && typeof target === 'object') for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

/** Parses and validates config text; one too large to be a config file does not load. */
export function loadConfigText(text: string, file: string, ast?: AST.TOMLProgram): LoadResult {
  const tooLarge = configSizeIssue(text);
  if (tooLarge) return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: tooLarge, severity: 'error' }] };
  const parsed = parseTomlText(text, file, ast);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  try {
    return validateConfigValue(parsed.doc.value, parsed.doc, file);
  } catch (err) {
    // The parse limits keep values shallow; a stack that still runs out refuses the file.
    if (!(err instanceof RangeError)) throw err;
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: `the file cannot be checked: ${err.message}`, severity: 'error' }] };
  }
}

/**
 * Reads and loads a config file. A missing file, one that is not a regular file, one too large
 * or not UTF-8 is an issue (at 1:1, or at the first bad byte).
 */
export async function loadConfigFile(file: string): Promise<LoadResult & { text?: string }> {
  const read = await readConfigFile(file);
  if (!read.ok) return { ok: false, issues: [read.issue] };
  return { ...loadConfigText(read.text, file), text: read.text };
}

/**
 * Why a text would not load as a config, as "line:column: message (path)"; undefined when it
 * loads. The writer's check: a text too large to be read back is refused too.
 */
export function firstConfigError(text: string, file: string, ast?: AST.TOMLProgram): string | undefined {
  const tooLarge = configSizeIssue(text, true);
  if (tooLarge) return `1:1: ${tooLarge}`;
  const loaded = loadConfigText(text, file, ast);
  if (loaded.ok) return undefined;
  const issue = loaded.issues.find((i) => i.severity === 'error') ?? loaded.issues[0];
  return issue ? `${issue.line}:${issue.column}: ${issue.message}${issue.path ? ` (${issue.path})` : ''}` : 'invalid';
}
