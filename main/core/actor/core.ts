/**
 * The actor: one mailbox, one command at a time, one event batch per command. Both transports
 * and the CLI call {@link Core.call} with an untrusted payload; it is parsed against the
 * contract here, so every path into the core is validated the same way.
 */
import { fail, ok, toAppErrorData, type Result } from '../../../shared/errors.js';
import { commandNames, commands, isCommandName, type CommandName, type CommandRequest, type CommandResponse } from '../../../shared/ipc/contract.js';
import type { InstrumentType } from '../../../shared/model/instrument-types.js';
import type { LogEntry } from '../../../shared/model/runtime.js';
import { loadConfigFile } from '../config/index.js';
import { DependencyGraph } from '../dependencies/index.js';
import { createDriverRegistry, defaultTimeouts, type Clock, type DriverFactory, type Timeouts } from '../instruments/index.js';
import { ModuleRuntime } from '../modules/index.js';
import { CoreContext } from './core-context.js';
import { EventBus, type BatchListener } from './event-bus.js';
import { handlers } from './handlers.js';
import { Mailbox } from './mailbox.js';
import { notPersisted } from './persist-outcome.js';

export interface CoreDeps {
  readonly configPath: string;
  readonly clock?: Clock;
  readonly drivers?: Partial<Record<InstrumentType, DriverFactory>>;
  readonly timeouts?: Partial<Timeouts>;
  /** How often coalesced readings go out (default 100 ms: at most 10 batches a second). */
  readonly readingsIntervalMs?: number;
  /** Where log lines go besides the GUI (the terminal, a file). */
  readonly logSink?: (entry: LogEntry) => void;
}

export interface Core {
  /** Loads the config and starts its instruments; an invalid file leaves the core in error state. */
  start(): Promise<void>;
  /** Stops modules and instruments. */
  stop(): Promise<void>;
  /** Runs one command with an untrusted payload; never throws. */
  call(name: unknown, payload: unknown): Promise<Result<unknown>>;
  /** Typed form of {@link call} for callers inside main. */
  invoke<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<Result<CommandResponse<K>>>;
  onEvents(listener: BatchListener): () => void;
  readonly configPath: string;
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

export function createCore(deps: CoreDeps): Core {
  const bus = new EventBus(deps.readingsIntervalMs ?? 100);
  const ctx = new CoreContext(
    deps.configPath,
    bus,
    deps.clock ?? { now: () => Date.now() },
    createDriverRegistry(deps.drivers),
    { ...defaultTimeouts, ...deps.timeouts },
    deps.logSink,
  );
  const mailbox = new Mailbox();
  const env = { ctx, persist: notPersisted };

  const flushModuleStats = (): void => {
    for (const id of ctx.dirtyModules) if (ctx.modules.has(id)) ctx.emitModule(id);
    ctx.dirtyModules.clear();
  };

  async function start(): Promise<void> {
    await mailbox.post(async () => {
      const loaded = await loadConfigFile(deps.configPath);
      if (!loaded.ok) {
        ctx.issues = loaded.issues;
        bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
        for (const issue of loaded.issues) ctx.addLog('error', `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`, 'config');
        bus.flush();
        return;
      }
      ctx.config = loaded.config;
      ctx.issues = loaded.warnings;
      for (const w of loaded.warnings) ctx.addLog('warn', `${w.file}:${w.line}:${w.column}: ${w.message}`, 'config');
      ctx.graph = DependencyGraph.fromModules(loaded.config.modules);
      for (const [id, config] of Object.entries(loaded.config.instruments)) ctx.instruments.set(id, ctx.createRuntime(id, config));
      for (const [id, config] of Object.entries(loaded.config.modules)) ctx.modules.set(id, new ModuleRuntime(id, config));
      bus.emit({ type: 'app:config-status-changed', config: ctx.configStatus() });
      // Connect concurrently; one failing instrument shows its error and does not hold up the rest.
      await Promise.allSettled([...ctx.instruments.values()].map((runtime) => runtime.start()));
      for (const runtime of ctx.instruments.values()) {
        if (runtime.status === 'error') ctx.addLog('error', `${runtime.id}: ${runtime.statusReason ?? 'failed to start'}`, runtime.id);
      }
      for (const mod of ctx.modules.values()) {
        mod.refreshIdleState();
        ctx.emitModule(mod.id);
      }
      ctx.addLog('info', `loaded ${deps.configPath}: ${ctx.instruments.size} instruments, ${ctx.modules.size} modules`, 'config');
      bus.flush();
    });
    bus.startReadingsTicker(() => {
      // While a command runs (say, a restart waiting for a slow connect) its state events wait
      // for the command's own flush; flushing them here split one command into several batches
      // and showed half-done states. Readings still go out on every tick.
      if (mailbox.depth > 0) return;
      flushModuleStats();
      bus.flush();
    });
  }

  async function stop(): Promise<void> {
    bus.stopReadingsTicker();
    await mailbox.post(async () => {
      for (const mod of ctx.modules.values()) if (mod.state === 'running') mod.stop();
      await Promise.allSettled([...ctx.instruments.values()].map((r) => r.stop()));
      bus.flush();
    });
  }

  async function call(name: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isCommandName(name)) {
      return fail('VALIDATION', `unknown command ${JSON.stringify(name)} (known: ${commandNames.join(', ')})`);
    }
    const parsed = commands[name].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return fail('VALIDATION', `invalid arguments for ${name}: ${describeIssues(parsed.error.issues)}`, { issues });
    }
    return mailbox.post(async () => {
      try {
        const handler = handlers[name] as (e: typeof env, r: unknown) => Promise<unknown>;
        return ok(await handler(env, parsed.data));
      } catch (err) {
        return { ok: false as const, error: toAppErrorData(err) };
      } finally {
        bus.flush();
      }
    });
  }

  return {
    start,
    stop,
    call,
    invoke: (name, request) => call(name, request) as never,
    onEvents: (listener) => bus.subscribe(listener),
    configPath: deps.configPath,
  };
}
