/**
 * Hot reload inside the actor: a settled read of the config file (or ReloadConfig) becomes a
 * validated diff applied to the running system. Our own writes and no-op saves are recognised
 * by content hash and do nothing; an invalid or missing file keeps the current configuration
 * and says why, with file:line:column.
 */
import type { ConfigIssue } from '../../../shared/errors.js';
import type { DaqConfig } from '../../../shared/model/config.js';
import type { ReloadStatus } from '../../../shared/model/runtime.js';
import { loadConfigText } from '../config/index.js';
import { computeDiff, emptyLike, isEmptyDiff, summarizeDiff, type ConfigDiff } from '../changes/config-diff.js';
import type { SettledContent } from '../hot-reload/config-file-monitor.js';
import type { LastSeenStore } from '../hot-reload/last-seen.js';
import type { ConfigWriter } from '../persistence/config-writer.js';
import { contentHash } from '../persistence/write-ledger.js';
import { applyConfig } from './apply-config.js';
import { announceAll } from '../changes/announce.js';
import type { CoreContext } from './core-context.js';
import { reportWrite } from './persist-wiring.js';
import type { Versioning } from '../versioning/versioning.js';

export interface ReloadEnv {
  readonly ctx: CoreContext;
  readonly writer: ConfigWriter;
  readonly lastSeen: LastSeenStore;
  /** Keeps the text the app had before a hand edit as a version. */
  readonly versioning?: Versioning;
}

function diffLines(diff: ConfigDiff): string[] {
  const summary = summarizeDiff(diff);
  return summary === 'no changes' ? [] : summary.split('; ');
}

function setStatus(ctx: CoreContext, status: ReloadStatus): ReloadStatus {
  ctx.lastReload = status;
  ctx.bus.emit({ type: 'hot-reload:status-changed', reload: status });
  return status;
}

function status(ctx: CoreContext, source: ReloadStatus['source'], outcome: ReloadStatus['outcome'], summary: string, changes: string[] = [], issues: ConfigIssue[] = []): ReloadStatus {
  return { time: new Date(ctx.clock.now()).toISOString(), source, outcome, summary, changes, issues };
}

export async function reloadFromContent(env: ReloadEnv, content: SettledContent, source: 'file' | 'command'): Promise<ReloadStatus | undefined> {
  const { ctx, writer } = env;
  if ('missing' in content) {
    if (ctx.lastReload?.outcome === 'missing' && source === 'file') return undefined;
    ctx.addLog('error', `config file missing: ${ctx.configPath} (the running configuration is kept)`, 'hot-reload');
    return setStatus(ctx, status(ctx, source, 'missing', `config file missing: ${ctx.configPath}`));
  }
  if ('error' in content) {
    ctx.addLog('error', content.error, 'hot-reload');
    const issues = [...(content.issues ?? [])];
    // Still in the start-up error state: what is wrong with the file now replaces the old list.
    if (!ctx.config && issues.length > 0) {
      ctx.issues = issues;
      ctx.bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
    }
    return setStatus(ctx, status(ctx, source, 'failed', content.error, [], issues));
  }
  const hash = contentHash(content.text);
  const wasBroken = ctx.lastReload?.outcome === 'missing' || ctx.lastReload?.outcome === 'failed';
  // Our own write, a save that changed nothing, or the very file the app started on (valid or
  // not): nothing new to apply or report. After a "missing" or "failed" banner, a valid file
  // the app already runs clears it; an invalid one is checked again below to show its issues.
  if (source === 'file' && writer.ledger.isKnown(hash) && (!wasBroken || ctx.config)) {
    if (!wasBroken) return undefined;
    // Changes that waited while the file was broken or gone go in now, and the notice says so.
    const saved = await writePending(env);
    return setStatus(ctx, status(ctx, source, 'unchanged', `config file is back as the app knows it; nothing to apply${saved}`));
  }
  // Changes of the app that are not in the file yet go on top of the hand edit, so neither is
  // lost; one that no longer fits the edited file is set aside and said so.
  let merged: { text: string; conflicts: string[] };
  try {
    merged = writer.rebaseOnto(content.text);
  } catch {
    merged = { text: content.text, conflicts: [] };
  }
  for (const conflict of merged.conflicts) ctx.addLog('warn', `${conflict}; the hand edit of the file wins`, 'persistence');
  const loaded = loadConfigText(merged.text, ctx.configPath);
  if (!loaded.ok) {
    const errors = loaded.issues.filter((i) => i.severity === 'error');
    for (const i of errors) ctx.addLog('error', `reload refused: ${i.file}:${i.line}:${i.column}: ${i.message}`, 'hot-reload');
    if (!ctx.config) {
      // Still in the start-up error state: the file's current problems replace the old list.
      ctx.issues = loaded.issues;
      ctx.bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
    }
    return setStatus(ctx, status(ctx, source, 'failed', `the edited file has ${errors.length} error(s); the running configuration is kept`, [], loaded.issues));
  }
  env.versioning?.loads.note(merged.text, ctx.configPath, loaded.config, loaded.doc.value);
  const before = ctx.config ?? emptyLike(loaded.config);
  const diff = computeDiff(before, loaded.config);
  if (env.versioning && !isEmptyDiff(diff)) {
    const previous = await env.lastSeen.read();
    if (previous !== undefined && previous !== content.text) await env.versioning.beforeChange('hot-reload', `edited by hand: ${summarizeDiff(diff)}`, Buffer.from(previous, 'utf8'));
  }
  try {
    await applyConfig(ctx, loaded.config, diff);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.addLog('error', `reload undone: ${message}`, 'hot-reload');
    announceAll(ctx, { ...diff, removedInstruments: [], removedModules: [] });
    return setStatus(ctx, status(ctx, source, 'failed', `the change could not be applied and was undone: ${message}`));
  }
  ctx.issues = loaded.warnings;
  if (writer.status().pending === 0) writer.ledger.record(hash);
  // The file lacks our pending changes; write them now (on top of the hand edit).
  const saved = await writePending(env);
  const failure = await env.lastSeen.write(content.text);
  if (failure) ctx.addLog('warn', `could not remember the applied config: ${failure}`, 'hot-reload');
  announceAll(ctx, diff);
  if (isEmptyDiff(diff)) return setStatus(ctx, status(ctx, source, 'unchanged', `no changes to apply${saved}`));
  const summary = summarizeDiff(diff);
  ctx.addLog('info', `reloaded ${ctx.configPath}: ${summary}`, 'hot-reload');
  return setStatus(ctx, status(ctx, source, 'applied', `${summary}${saved}`, diffLines(diff)));
}

/**
 * Writes the app's changes that are not in the file yet; answers what to add to the notice, so
 * it agrees with what is pending ("; 2 unsaved changes written to the file"), or '' if none.
 */
async function writePending(env: ReloadEnv): Promise<string> {
  const { ctx, writer } = env;
  const pending = writer.status().pending;
  const written = pending > 0 ? await writer.flush() : undefined;
  if (written) reportWrite(ctx, written);
  ctx.bus.emit({ type: 'persistence:status-changed', persistence: writer.status() });
  if (!written) return '';
  const what = pending === 1 ? '1 unsaved change' : `${pending} unsaved changes`;
  if (written.persisted) return `; ${what} written to the file`;
  const reason = written.persistError?.message ?? 'unknown reason';
  ctx.addLog('error', `not saved to file: ${reason}`, 'persistence');
  return `; ${what} still not saved: ${reason}`;
}

/** At start-up: what changed in the file since the app last saw it (edited while closed). */
export async function detectOfflineEdit(env: ReloadEnv, text: string, config: DaqConfig): Promise<void> {
  const { ctx } = env;
  const previous = await env.lastSeen.read();
  if (previous !== undefined && previous !== text) {
    const old = loadConfigText(previous, ctx.configPath);
    const diff = old.ok ? computeDiff(old.config, config) : undefined;
    const summary = diff ? summarizeDiff(diff) : 'the file changed';
    ctx.addLog('info', `edited while the app was closed: ${summary}`, 'hot-reload');
    setStatus(ctx, status(ctx, 'startup', 'applied', `Edited while the app was closed: ${summary}`, diff ? diffLines(diff) : []));
  }
  const failure = await env.lastSeen.write(text);
  if (failure) ctx.addLog('warn', `could not remember the loaded config: ${failure}`, 'hot-reload');
}
