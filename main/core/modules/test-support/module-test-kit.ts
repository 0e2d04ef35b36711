/**
 * Test-only: a module host with no core behind it. Instruments are plain records, readings are
 * pushed by the test, actions answer as the test says (by default a stage that arrives at
 * once), the mailbox is a microtask, and recordings go to a temp folder. Nothing in the product
 * imports this file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelSpec } from '../../../../shared/model/capabilities.js';
import type { InstrumentConfig } from '../../../../shared/model/config.js';
import type { ActionArgs, ActionOutcome } from '../../../../shared/model/instrument-actions.js';
import type { InstrumentStatus, LogEntry, Reading } from '../../../../shared/model/runtime.js';
import type { InstrumentInfo, ModuleHost, StorageSettings } from '../module-host.js';
import { ReadingsFeed, type WaitOptions } from '../readings-feed.js';

export interface ActionCall {
  readonly owner: string;
  readonly instrumentId: string;
  readonly action: string;
  readonly args: ActionArgs;
}

export class FakeHost implements ModuleHost {
  readonly feed = new ReadingsFeed();
  readonly instruments = new Map<string, InstrumentInfo>();
  readonly actions: ActionCall[] = [];
  readonly logs: { level: LogEntry['level']; message: string }[] = [];
  readonly published: string[] = [];
  readonly touchedIds = new Set<string>();
  format = 'csv';
  /** Where recordings go (the temp folder unless a test points it elsewhere). */
  recordTo: string;
  clock = (): number => Date.now();
  /** How an action is answered; by default it completes at once where it was sent. */
  onAction: (call: ActionCall) => Promise<ActionOutcome> = async (call) => ({ completed: true, position: Number(call.args['angle'] ?? call.args['position'] ?? 0) });

  private constructor(readonly folder: string) {
    this.recordTo = folder;
  }

  /** A host whose recordings go to a fresh temp folder; `cleanup` removes it. */
  static async create(): Promise<FakeHost> {
    return new FakeHost(await mkdtemp(join(tmpdir(), 'daq-runs-')));
  }

  async cleanup(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }

  addInstrument(id: string, config: InstrumentConfig, channels: readonly ChannelSpec[], status: InstrumentStatus = 'running'): void {
    this.instruments.set(id, { id, config, status, channels });
  }

  /** Pushes a reading of `<id>:<channel>` as the core would. */
  emit(channel: string, value: number, unit = 'W', timestamp = this.clock()): Reading {
    const reading = { channel, value, unit, timestamp };
    this.feed.push(reading);
    return reading;
  }

  now(): number {
    return this.clock();
  }

  act(owner: string, instrumentId: string, action: string, args: ActionArgs): Promise<ActionOutcome> {
    const call = { owner, instrumentId, action, args };
    this.actions.push(call);
    return this.onAction(call);
  }

  latest(channel: string): Reading | undefined {
    return this.feed.latest(channel);
  }

  next(channel: string, options: WaitOptions): Promise<Reading> {
    return this.feed.next(channel, options);
  }

  instrument(id: string): InstrumentInfo | undefined {
    return this.instruments.get(id);
  }

  storage(): StorageSettings {
    return { folder: this.recordTo, format: this.format, configFile: 'bench.toml', revision: 'ab12', pendingChanges: 0 };
  }

  schedule(work: () => void): void {
    queueMicrotask(work);
  }

  touched(moduleId: string): void {
    this.touchedIds.add(moduleId);
  }

  publish(moduleId: string): void {
    this.published.push(moduleId);
  }

  log(level: LogEntry['level'], message: string): void {
    this.logs.push({ level, message });
  }
}
