/**
 * The actor: one mailbox, one command at a time, one event batch per command. Both transports
 * and the CLI call {@link Core.call} with an untrusted payload; it is parsed against the
 * contract here, so every path into the core is validated the same way.
 */
import { fail, ok, toAppErrorData, type Result } from '../../../shared/errors.js';
import { commandNames, commands, isCommandName, type CommandName, type CommandRequest, type CommandResponse } from '../../../shared/ipc/contract.js';
import type { InstrumentType } from '../../../shared/model/instrument-types.js';
import type { LogEntry } from '../../../shared/model/runtime.js';
import { createDriverRegistry, defaultTimeouts, type Clock, type DriverFactory, type Timeouts } from '../instruments/index.js';
import { readSettled } from '../hot-reload/config-file-monitor.js';
import { HotReloadWatch } from './hot-reload-watch.js';
import { chokidarWatcherFactory, type WatcherFactory } from '../hot-reload/file-watcher.js';
import { LastSeenStore } from '../hot-reload/last-seen.js';
import { ConfigWriter } from '../persistence/config-writer.js';
import { reloadFromContent } from './reload-commands.js';
import { loadAtStartup } from './startup.js';
import { CoreContext } from './core-context.js';
import { EventBus, type BatchListener } from './event-bus.js';
import { handlers } from './handlers.js';
import { AfterMailbox } from './after-mailbox.js';
import { createModuleHost } from './module-host.js';
import { ModuleRuns } from '../modules/index.js';
import { Mailbox } from './mailbox.js';
import { checkPayloadShape } from './payload-guard.js';
import { createPersist } from './persist-wiring.js';
import { TransactionManager } from '../transactions/transaction-manager.js';
import { ConfigLoads } from '../versioning/config-loads.js';
import { Versioning } from '../versioning/versioning.js';

export interface CoreDeps {
  readonly configPath: string;
  readonly clock?: Clock;
  readonly drivers?: Partial<Record<InstrumentType, DriverFactory>>;
  readonly timeouts?: Partial<Timeouts>;
  /** How often coalesced readings go out (default 100 ms: at most 10 batches a second). */
  readonly readingsIntervalMs?: number;
  /** Watch the config file for hand edits (default: as `enable_hot_reload` says). */
  readonly hotReload?: boolean;
  /** The file watcher (default: chokidar on the config's folder). */
  readonly watcherFactory?: WatcherFactory;
  /** How often changes that could not be written are retried (default 5 s). */
  readonly persistRetryMs?: number;
  /** Where log lines go besides the GUI (the terminal, a file). */
  readonly logSink?: (entry: LogEntry) => void;
  /** Who drives this core, as versions record it (`gui` by default; the CLI says `cli`). */
  readonly origin?: string;
  /** How often open transactions are checked for expiry (default 1 s). */
  readonly transactionSweepMs?: number;
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
  const lastSeen = new LastSeenStore(deps.configPath);
  // The writer never writes a text that would not load as a config: the loader is its check,
  // through a memory versioning shares, so the texts it writes are known when compared later.
  const configLoads = new ConfigLoads();
  const writer = new ConfigWriter(deps.configPath, () => ctx.clock.now(), (text) => lastSeen.write(text), {}, configLoads.firstError);
  ctx.origin = deps.origin ?? 'gui';
  ctx.schedule = (work) => {
    void mailbox.post(async () => {
      try {
        work();
      } finally {
        bus.flush();
      }
    });
  };
  // Runs record under the revision of the text the running configuration reflects.
  ctx.configRevision = () => ({ ...(writer.ledger.currentHash ? { hash: writer.ledger.currentHash } : {}), pending: writer.status().pending });
  ctx.runs = new ModuleRuns(createModuleHost(ctx));
  const versioning = new Versioning(ctx, configLoads);
  const persist = createPersist(ctx, writer, versioning);
  // Timers of the transactions (expiry, confirmation windows) change state inside the mailbox only.
  const transactions = new TransactionManager(ctx, writer, persist, versioning, (work) => {
    void mailbox.post(async () => {
      try {
        await work();
      } finally {
        bus.flush();
      }
    });
  });
  const env = { ctx, writer, lastSeen, persist, transactions, versioning };

  const flushModuleStats = (): void => {
    for (const id of ctx.dirtyModules) if (ctx.modules.has(id)) ctx.emitModule(id);
    ctx.dirtyModules.clear();
  };

  const watch = new HotReloadWatch(
    deps.configPath,
    deps.watcherFactory ?? chokidarWatcherFactory,
    () =>
      void mailbox.post(async () => {
        try {
          // Read again now, inside the mailbox: a read taken when the quiet period ended may be
          // older than a write the app made since, and must not be applied over it.
          await reloadFromContent(env, await readSettled(deps.configPath), 'file');
        } finally {
          bus.flush();
        }
      })
        .then(syncWatch)
        .catch(reportWatchError),
    (err) => ctx.addLog('error', `watching ${deps.configPath} failed: ${err.message}`, 'hot-reload'),
  );

  /** Follows `enable_hot_reload` and `hot_reload_debounce_ms` as a reload changes them. */
  async function syncWatch(): Promise<void> {
    if (deps.hotReload === false) return;
    const dynamic = ctx.config?.application.dynamic_config;
    const wasActive = watch.active;
    await watch.sync(dynamic ? { enabled: dynamic.enable_hot_reload, debounceMs: dynamic.hot_reload_debounce_ms } : { enabled: true, debounceMs: 500 });
    if (wasActive && !watch.active) ctx.addLog('info', 'hot reload is off (enable_hot_reload = false); ReloadConfig reads the file on request', 'hot-reload');
  }

  async function start(): Promise<void> {
    await mailbox.post(async () => {
      try {
        return await loadAtStartup(env);
      } finally {
        bus.flush();
      }
    });
    await syncWatch().catch(reportWatchError);
    bus.startReadingsTicker(() => {
      // While a command runs (say, a restart waiting for a slow connect) its state events wait
      // for the command's own flush; flushing them here split one command into several batches
      // and showed half-done states. Readings still go out on every tick.
      if (mailbox.depth > 0) return;
      flushModuleStats();
      bus.flush();
    });
  }

  // Changes that could not be written are retried until they land (the cause may go away:
  // a disk freed, a file made writable again); SyncConfigToFile does the same on demand.
  const retryTimer = setInterval(() => {
    if (writer.status().pending > 0) void call('SyncConfigToFile', {});
  }, deps.persistRetryMs ?? 5000);
  retryTimer.unref?.();
  const sweepTimer = setInterval(() => void mailbox.post(() => transactions.sweep().catch(reportTransactionError)).then(() => bus.flush()), deps.transactionSweepMs ?? 1000);
  sweepTimer.unref?.();

  function reportTransactionError(err: unknown): void {
    ctx.addLog('error', `transactions: ${err instanceof Error ? err.message : String(err)}`, 'transactions');
  }

  async function stop(): Promise<void> {
    clearInterval(retryTimer);
    clearInterval(sweepTimer);
    transactions.stop();
    await watch.close();
    bus.stopReadingsTicker();
    await mailbox.post(async () => {
      // A last try at changes still pending; what cannot be written is said, not dropped silently.
      const final = await writer.flush();
      if (!final.persisted) {
        ctx.addLog('error', `${writer.status().pending} change(s) were not saved to ${deps.configPath}: ${final.persistError?.message ?? 'unknown reason'}`, 'persistence');
      }
      for (const mod of ctx.modules.values()) if (mod.active) mod.stop('the app stopped');
      await ctx.runs?.settled();
      await Promise.allSettled([...ctx.instruments.values()].map((r) => r.stop()));
      await versioning.store.decodings.settled();
      bus.flush();
    });
  }

  async function call(name: unknown, payload: unknown): Promise<Result<unknown>> {
    try {
      return await run(name, payload);
    } catch (err) {
      // `call` promises never to throw: a bug in a check becomes an INTERNAL answer, not a
      // rejection that kills the socket handler or prints a stack trace in the CLI.
      return { ok: false, error: toAppErrorData(err) };
    }
  }

  async function run(name: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isCommandName(name)) {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : typeof name;
      return fail('VALIDATION', `unknown command ${shown} (known: ${commandNames.join(', ')})`);
    }
    // Every request is an object: `null` is a wrong payload, only a missing one means `{}`.
    if (payload === null) {
      return fail('VALIDATION', `invalid arguments for ${name}: expected an object, got null`, { issues: [{ path: '', message: 'expected an object, got null' }] });
    }
    // Limits first: the schemas recurse and would overflow on deep nesting (see payloadLimits).
    const shape = checkPayloadShape(payload);
    if (shape) {
      const where = shape.path ? `${shape.path}: ` : '';
      return fail('VALIDATION', `invalid arguments for ${name}: ${where}${shape.message}`, { issues: [shape] });
    }
    const parsed = commands[name].request.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return fail('VALIDATION', `invalid arguments for ${name}: ${describeIssues(parsed.error.issues)}`, { issues });
    }
    const result = await mailbox.post(async () => {
      try {
        const handler = handlers[name] as (e: typeof env, r: unknown) => Promise<unknown>;
        ctx.currentCommand = name;
        return ok(await handler(env, parsed.data));
      } catch (err) {
        return { ok: false as const, error: toAppErrorData(err) };
      } finally {
        bus.flush();
      }
    });
    if (name === 'ReloadConfig') await syncWatch().catch(reportWatchError);
    if (result.ok && result.value instanceof AfterMailbox) return settleOutside(result.value);
    return result;
  }

  /** The part of an answer that waits on a device, awaited once the mailbox has moved on. */
  async function settleOutside(after: AfterMailbox<unknown>): Promise<Result<unknown>> {
    try {
      return ok(await after.answer);
    } catch (err) {
      return { ok: false, error: toAppErrorData(err) };
    }
  }

  function reportWatchError(err: unknown): void {
    ctx.addLog('error', `watching ${deps.configPath} failed: ${err instanceof Error ? err.message : String(err)}`, 'hot-reload');
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
