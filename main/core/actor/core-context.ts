/**
 * The state the actor owns and the helpers every command handler shares: the config model
 * (the single source of truth for what is configured), the running instruments and modules,
 * the dependency graph, the event bus and the log.
 */
import { AppError, type ConfigIssue } from '../../../shared/errors.js';
import type { DaqConfig, InstrumentConfig, ModuleConfig, ProcessorConfig } from '../../../shared/model/config.js';
import { capabilitiesOf, channelsOf, isInstrumentType } from '../../../shared/model/instrument-types.js';
import type { ParamValue } from '../../../shared/model/parameters.js';
import type { ConfigStatus, InstrumentView, LogEntry, ReloadStatus } from '../../../shared/model/runtime.js';
import { DependencyGraph } from '../dependencies/index.js';
import { InstrumentRuntime, type Clock, type DriverRegistry, type Timeouts } from '../instruments/index.js';
import { ModuleRuntime, ReadingsFeed, type ModuleRuns } from '../modules/index.js';
import { ProcessorChain } from '../processors/index.js';
import type { EventBus } from './event-bus.js';

const LOG_CAPACITY = 500;

/**
 * The longest log message kept. Messages quote values (`cam.name → "…"`); a value can be as long
 * as the parameter schema allows, and every log line goes to each open window and the log sink.
 */
export const LOG_MESSAGE_CHARS = 2_000;

/** `message` cut to {@link LOG_MESSAGE_CHARS}, saying how long it was. */
export function capLogMessage(message: string): string {
  if (message.length <= LOG_MESSAGE_CHARS) return message;
  let cut = LOG_MESSAGE_CHARS;
  // Never end on the first half of a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(message.charAt(cut - 1))) cut--;
  return `${message.slice(0, cut)}… (${message.length} characters)`;
}

export class CoreContext {
  config: DaqConfig | null = null;
  issues: ConfigIssue[] = [];
  readonly instruments = new Map<string, InstrumentRuntime>();
  readonly modules = new Map<string, ModuleRuntime>();
  graph = new DependencyGraph();
  readonly log: LogEntry[] = [];
  /** The outcome of the last look at the config file (hot reload, ReloadConfig, start-up). */
  lastReload: ReloadStatus | null = null;
  /**
   * Runs a state change that no command started (a driver's fault, a background reconnect) in
   * the mailbox; the core wires it up, and until then (unit tests) it runs at once.
   */
  schedule: (work: () => void) => void = (work) => work();
  /** Who drives this core (`gui`, `cli`): versions record where a change came from. */
  origin = 'gui';
  /** The command being handled, for the same record. */
  currentCommand = '';
  /** The latest reading of every channel, and the waits of module runs for new ones. */
  readonly feed = new ReadingsFeed();
  /** The runs of modules; the core wires them up (without them, modules only change state). */
  runs: ModuleRuns | undefined;
  /** The configuration revision runs are recorded under; the core wires it to its writer. */
  configRevision: () => { readonly hash?: string; readonly pending: number } = () => ({ pending: 0 });

  constructor(
    readonly configPath: string,
    readonly bus: EventBus,
    readonly clock: Clock,
    readonly drivers: DriverRegistry,
    readonly timeouts: Timeouts,
    private readonly logSink?: (entry: LogEntry) => void,
  ) {}

  /** The loaded config, or UNAVAILABLE while the file is invalid (the app shows why). */
  requireConfig(): DaqConfig {
    if (!this.config) {
      throw new AppError('UNAVAILABLE', `the config file ${this.configPath} has errors; fix it before changing instruments`, {
        issues: this.issues,
      });
    }
    return this.config;
  }

  requireInstrument(id: string): InstrumentRuntime {
    const runtime = this.instruments.get(id);
    if (!runtime) throw new AppError('NOT_FOUND', `no instrument "${id}"`, { id });
    return runtime;
  }

  /** A module runtime of this core, its runs wired in. */
  newModule(id: string, config: ModuleConfig): ModuleRuntime {
    return new ModuleRuntime(id, config, this.runs);
  }

  requireModule(id: string): ModuleRuntime {
    const runtime = this.modules.get(id);
    if (!runtime) throw new AppError('NOT_FOUND', `no module "${id}"`, { id });
    return runtime;
  }

  /**
   * Creates the runtime of an instrument (not started) wired to the bus and the modules. Every
   * reading goes through the instrument's processor chain (`processors`, by default its
   * `[processors.<id>]` in the config) and the processed value is what is emitted.
   */
  createRuntime(id: string, config: InstrumentConfig, processors?: readonly ProcessorConfig[]): InstrumentRuntime {
    if (!isInstrumentType(config.type)) throw new AppError('VALIDATION', `unknown instrument type "${config.type}"`);
    // An own entry only: `processors["constructor"]` would find Object's constructor.
    const configured = this.config && Object.hasOwn(this.config.processors, id) ? this.config.processors[id] : undefined;
    const chain = new ProcessorChain(processors ?? configured ?? []);
    const runtime = new InstrumentRuntime(
      id,
      config,
      this.drivers[config.type],
      {
        clock: this.clock,
        onReading: (channel, value, unit, timestamp) => {
          for (const out of chain.process(channel, value, unit, timestamp)) {
            // A reading that is not a number (a filter gone unstable, a driver's bad parse) has
            // no place on a plot or in a module's statistics, and the wire cannot carry it.
            if (!Number.isFinite(out.value)) continue;
            const reading = { ...out, channel: `${id}:${out.channel}` };
            this.bus.pushReading(reading);
            this.feed.push(reading);
            for (const mod of this.modules.values()) if (mod.observe(reading)) this.dirtyModules.add(mod.id);
          }
        },
        onStatus: () => {
          if (this.instruments.get(id) !== runtime) return;
          this.emitInstrument(id);
          this.modulesFollow(id);
        },
        onWarning: (message) => this.addLog('warn', message, id),
        schedule: (work) => this.schedule(work),
      },
      this.timeouts,
    );
    return runtime;
  }

  /**
   * Makes every module that uses instrument `id` in a role follow its current status: a running
   * module degrades while the instrument is in error and runs again once it recovers. Without
   * this a module kept showing "running" over a dead instrument.
   */
  modulesFollow(id: string): void {
    const runtime = this.instruments.get(id);
    if (!runtime) return;
    for (const mod of this.modules.values()) {
      if (!Object.values(mod.config.roles).includes(id)) continue;
      // Also when only its Start button changes (the instrument it waits for came up).
      if (mod.followInstrument(id, runtime.status, runtime.statusReason) || mod.startabilityChanged()) this.emitModule(mod.id);
    }
  }

  /** Modules whose live stats changed since the last readings tick. */
  readonly dirtyModules = new Set<string>();

  instrumentView(id: string): InstrumentView {
    const runtime = this.requireInstrument(id);
    const config = runtime.config;
    const type = config.type;
    const known = isInstrumentType(type);
    const params = config as Readonly<Record<string, ParamValue>>;
    return {
      id,
      type,
      ...(typeof config['name'] === 'string' ? { name: config['name'] } : {}),
      status: runtime.status,
      ...(runtime.statusReason ? { statusReason: runtime.statusReason } : {}),
      config: { ...config },
      capabilities: known ? [...capabilitiesOf(type, params)] : [],
      channels: known ? channelsOf(type, params).map((c) => ({ ...c })) : [],
      usedBy: this.graph.dependentsOf(id),
    };
  }

  emitInstrument(id: string): void {
    this.bus.emit({ type: 'instruments:instrument-changed', instrument: this.instrumentView(id) });
  }

  /** The module's view, after what its run did since the last one (new points, progress). */
  emitModule(id: string): void {
    const mod = this.requireModule(id);
    const run = mod.run;
    if (run) {
      const news = run.takeNews();
      if (news.points.length > 0) this.bus.emit({ type: 'modules:run-points', moduleId: id, runId: run.runId, points: news.points });
      if (news.changed) this.bus.emit({ type: 'modules:run-changed', run: run.summary() });
    }
    this.bus.emit({ type: 'modules:module-changed', module: mod.view() });
  }

  configStatus(): ConfigStatus {
    return { configPath: this.configPath, status: this.config ? 'ok' : 'invalid', issues: this.issues };
  }

  /** `gui:UpdateInstrumentParameter`: where the change now under way comes from. */
  changeSource(what = this.currentCommand): string {
    return `${this.origin}:${what}`;
  }

  /** Replaces the config model with a change applied to it (the model is immutable). */
  updateConfig(change: (config: DaqConfig) => DaqConfig): void {
    this.config = change(this.requireConfig());
  }

  setModuleConfig(id: string, config: ModuleConfig): void {
    this.updateConfig((c) => ({ ...c, modules: { ...c.modules, [id]: config } }));
  }

  addLog(level: LogEntry['level'], message: string, source = 'core'): void {
    const entry: LogEntry = { level, message: capLogMessage(message), source, time: new Date(this.clock.now()).toISOString() };
    this.log.push(entry);
    if (this.log.length > LOG_CAPACITY) this.log.splice(0, this.log.length - LOG_CAPACITY);
    this.bus.emit({ type: 'app:log', entry });
    this.logSink?.(entry);
  }
}
