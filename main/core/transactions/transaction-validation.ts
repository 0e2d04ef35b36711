/**
 * Checking a change set before it commits: every operation against the config as the earlier
 * ones leave it, the resulting config as a whole, the TOML text the commit would write (it must
 * load; problems come with line and column), and what moved on since the transaction began
 * (operations touching keys that changed are a CONFLICT; others are applied on top).
 */
import { existsSync } from 'node:fs';
import type { DaqConfig } from '../../../shared/model/config.js';
import type { StagedOperation, ValidationItem, ValidationReport } from '../../../shared/model/transactions.js';
import type { CoreContext } from '../actor/core-context.js';
import { runtimeFacts, targetIssues } from '../changes/change-pipeline.js';
import { applyOpsCollecting, type ConfigOp } from '../changes/config-ops.js';
import { loadConfigText } from '../config/index.js';
import { otherPortHolders } from '../serial/index.js';
import { computeDiff, type ConfigDiff } from '../changes/config-diff.js';
import type { ConfigChange, ConfigWriter } from '../persistence/config-writer.js';

/** The key an operation is about: `instruments.pm`, `instruments.pm.wavelength`, `modules.scan.roles.detector`. */
export function operationKey(op: StagedOperation): string {
  switch (op.kind) {
    case 'add-instrument':
    case 'remove-instrument':
      return `instruments.${op.id}`;
    case 'update-parameter':
      return `instruments.${op.id}.${op.param}`;
    case 'assign-role':
    case 'unassign-role':
      return `modules.${op.moduleId}.roles.${op.role}`;
  }
}

/** Whether one key path lies inside the other (or they are the same). */
export function keysOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The keys a diff changed, at the depth operations name them. */
export function changedKeys(diff: ConfigDiff): string[] {
  return [
    ...diff.addedInstruments.map((id) => `instruments.${id}`),
    ...diff.removedInstruments.map((id) => `instruments.${id}`),
    ...diff.modifiedInstruments.flatMap((m) => m.changes.map((c) => `instruments.${m.id}.${c.param}`)),
    ...diff.addedModules.map((id) => `modules.${id}`),
    ...diff.removedModules.map((id) => `modules.${id}`),
    ...diff.modifiedModules.flatMap((m) => [...m.params.map((p) => `modules.${m.id}.${p.param}`), ...m.roles.map((r) => `modules.${m.id}.roles.${r.role}`)]),
    ...diff.processorsChanged.map((id) => `processors.${id}`),
  ];
}

/** The newest operation whose key overlaps `path`, or null. */
function operationFor(ops: readonly StagedOperation[], path: string): number | null {
  for (let i = ops.length - 1; i >= 0; i -= 1) if (keysOverlap(operationKey(ops[i] as StagedOperation), path)) return i;
  return null;
}

export interface Validated {
  readonly report: ValidationReport;
  /** The config and the file edits the commit would apply, when it is valid. */
  readonly plan?: { readonly config: DaqConfig; readonly changes: readonly ConfigChange[] };
}

function conflictItems(ops: readonly StagedOperation[], base: DaqConfig, current: DaqConfig): { errors: ValidationItem[]; warnings: ValidationItem[] } {
  const moved = changedKeys(computeDiff(base, current));
  if (moved.length === 0) return { errors: [], warnings: [] };
  const errors: ValidationItem[] = [];
  ops.forEach((op, index) => {
    const key = operationKey(op);
    const hit = moved.filter((m) => keysOverlap(m, key));
    if (hit.length > 0) {
      errors.push({ code: 'CONFLICT', message: `${hit.join(', ')} changed since this change set began; look at the new value and stage again`, operation: index, path: key });
    }
  });
  const warnings: ValidationItem[] = errors.length
    ? []
    : [{ code: 'CONFLICT', message: `the configuration changed since this change set began (${moved.join(', ')}); the staged operations do not touch those keys and apply on top (rebased)`, operation: null, path: '' }];
  return { errors, warnings };
}

function effectWarnings(ctx: CoreContext, diff: ConfigDiff, ops: readonly StagedOperation[]): ValidationItem[] {
  const out: ValidationItem[] = [];
  for (const m of diff.modifiedModules) {
    if (m.roles.length > 0 && ctx.modules.get(m.id)?.active) {
      out.push({ code: 'INVALID_STATE', message: `module ${m.id} is running and will be stopped: its roles change`, operation: operationFor(ops, `modules.${m.id}`), path: `modules.${m.id}` });
    }
  }
  return out;
}

/**
 * Ports of added or changed serial instruments: one that is not there now is a warning (the
 * instrument keeps trying to connect); one that another program has open is an error, since
 * two programs on one line each read half of the replies.
 */
async function portItems(target: DaqConfig, diff: ConfigDiff, ops: readonly StagedOperation[]): Promise<{ errors: ValidationItem[]; warnings: ValidationItem[] }> {
  const ids = [...diff.addedInstruments, ...diff.modifiedInstruments.filter((m) => m.changes.some((c) => c.param === 'port')).map((m) => m.id)];
  const errors: ValidationItem[] = [];
  const warnings: ValidationItem[] = [];
  for (const id of ids) {
    const port = target.instruments[id]?.['port'];
    if (typeof port !== 'string' || !port.startsWith('/')) continue;
    const path = `instruments.${id}.port`;
    const operation = operationFor(ops, path);
    if (!existsSync(port)) {
      if (port.startsWith('/dev/')) warnings.push({ code: 'UNAVAILABLE', message: `serial port ${port} is not present now; ${id} will keep trying to connect`, operation, path });
      continue;
    }
    const holders = await otherPortHolders(port);
    if (holders && holders.length > 0) {
      const who = holders.map((h) => `${h.command} (pid ${h.pid})`).join(', ');
      errors.push({ code: 'UNAVAILABLE', message: `serial port ${port} is open in another program: ${who}; close it there first`, operation, path });
    }
  }
  return { errors, warnings };
}

/**
 * Validates a change set against the running configuration and, with `checkFile`, the text the
 * commit would write (a preview for the GUI; the commit itself leaves that check to the writer,
 * which refuses a text that does not load and so makes the commit take everything back).
 */
export async function validateOperations(ctx: CoreContext, writer: ConfigWriter, ops: readonly StagedOperation[], base: DaqConfig, checkFile = true): Promise<Validated> {
  const current = ctx.requireConfig();
  const conflicts = conflictItems(ops, base, current);
  const errors: ValidationItem[] = [...conflicts.errors];
  const warnings: ValidationItem[] = [...conflicts.warnings];
  const { state, issues } = applyOpsCollecting(current, ops as readonly ConfigOp[], runtimeFacts(ctx));
  for (const issue of issues) errors.push({ code: issue.code, message: issue.message, operation: issue.index, path: operationKey(ops[issue.index] as StagedOperation) });
  if (issues.length === 0) {
    for (const issue of targetIssues(state.config)) errors.push({ code: 'VALIDATION', message: issue.message, operation: operationFor(ops, issue.path), path: issue.path });
  }
  let preview: ValidationReport['preview'];
  if (errors.length === 0 && checkFile) {
    const before = (await writer.preview([])).text;
    const written = await writer.preview(state.changes);
    preview = { before, after: written.text };
    for (const refused of written.refused) errors.push({ code: 'PERSIST_FAILED', message: refused, operation: null, path: '' });
    const loaded = loadConfigText(written.text, ctx.configPath);
    if (!loaded.ok) {
      for (const i of loaded.issues.filter((x) => x.severity === 'error')) {
        errors.push({ code: 'VALIDATION', message: `${i.file}:${i.line}:${i.column}: ${i.message}`, operation: operationFor(ops, i.path), path: i.path, line: i.line, column: i.column });
      }
    }
  }
  if (errors.length === 0) {
    const diff = computeDiff(current, state.config);
    const ports = await portItems(state.config, diff, ops);
    errors.push(...ports.errors);
    warnings.push(...effectWarnings(ctx, diff, ops), ...ports.warnings);
  }
  const report: ValidationReport = { valid: errors.length === 0, errors, warnings, ...(preview ? { preview } : {}) };
  return errors.length === 0 ? { report, plan: { config: state.config, changes: state.changes } } : { report };
}
