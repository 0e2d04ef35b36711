/**
 * Start-up of the actor: clean what an interrupted write left, load and validate the config,
 * start every instrument concurrently (one failing instrument shows its error and holds up
 * nothing), and report an edit made while the app was closed.
 */
import { dirname, relative } from 'node:path';
import { loadConfigFile } from '../config/index.js';
import { DependencyGraph } from '../dependencies/index.js';
import { contentHash } from '../persistence/write-ledger.js';
import { detectOfflineEdit, type ReloadEnv } from './reload-commands.js';
import type { TransactionManager } from '../transactions/transaction-manager.js';

export interface StartupOutcome {
  readonly ok: boolean;
  readonly hotReload: boolean;
  readonly debounceMs: number;
}

export async function loadAtStartup(env: ReloadEnv & { readonly transactions: TransactionManager }): Promise<StartupOutcome> {
  const { ctx, writer } = env;
  const bus = ctx.bus;
  const { removed, kept } = await writer.cleanUp();
  const versionTemps = (await env.versioning?.store.cleanUp()) ?? [];
  for (const name of [...removed, ...versionTemps.map((path) => relative(dirname(ctx.configPath), path))]) ctx.addLog('warn', `removed ${name}, left behind by an interrupted write`, 'persistence');
  for (const path of kept) ctx.addLog('warn', `an interrupted write left the file as it was when it replaced it; kept in ${path}, as it may hold a save made at that moment`, 'persistence');
  const loaded = await loadConfigFile(ctx.configPath);
  if (loaded.text !== undefined) writer.ledger.record(contentHash(loaded.text));
  if (!loaded.ok) {
    ctx.issues = loaded.issues;
    bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
    for (const issue of loaded.issues) ctx.addLog('error', `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`, 'config');
    // Keep watching an invalid file: fixing it in an editor brings the app up without a restart.
    return { ok: false, hotReload: true, debounceMs: 500 };
  }
  const config = loaded.config;
  // Known by content from now on: comparing the file as it is with a version costs no load.
  if (loaded.text !== undefined) env.versioning?.loads.note(loaded.text, ctx.configPath, config, loaded.doc.value);
  ctx.config = config;
  ctx.issues = loaded.warnings;
  for (const w of loaded.warnings) ctx.addLog('warn', `${w.file}:${w.line}:${w.column}: ${w.message}`, 'config');
  ctx.graph = DependencyGraph.fromModules(config.modules);
  for (const [id, instrument] of Object.entries(config.instruments)) ctx.instruments.set(id, ctx.createRuntime(id, instrument));
  for (const [id, mod] of Object.entries(config.modules)) ctx.modules.set(id, ctx.newModule(id, mod));
  bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
  await Promise.allSettled([...ctx.instruments.values()].map((runtime) => runtime.start()));
  for (const runtime of ctx.instruments.values()) {
    if (runtime.status !== 'error') continue;
    ctx.addLog('error', `${runtime.id}: ${runtime.statusReason ?? 'failed to start'}`, runtime.id);
    runtime.keepTrying();
  }
  for (const mod of ctx.modules.values()) {
    mod.refreshIdleState();
    ctx.emitModule(mod.id);
  }
  ctx.addLog('info', `loaded ${ctx.configPath}: ${ctx.instruments.size} instruments, ${ctx.modules.size} modules`, 'config');
  if (loaded.text !== undefined) await detectOfflineEdit(env, loaded.text, config);
  // A commit a crash interrupted is resolved by the file just loaded: old or new, never between.
  await env.transactions.recover(loaded.text).catch((err: unknown) => ctx.addLog('error', `transactions could not be recovered: ${err instanceof Error ? err.message : String(err)}`, 'transactions'));
  const dynamic = config.application.dynamic_config;
  return { ok: true, hotReload: dynamic.enable_hot_reload, debounceMs: dynamic.hot_reload_debounce_ms };
}
