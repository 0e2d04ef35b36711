/**
 * One run of a module, from Start to its end: it opens the recording, carries out the plan,
 * keeps the points for plotting and the figures for the GUI, and closes the file with how it
 * ended. The run changes no module state itself: ended from outside (by its module, in the
 * mailbox) or by itself (completed, or failed, outside it), it says so through `onEnded`, and
 * the core brings the module along in the mailbox.
 */
import { randomUUID } from 'node:crypto';
import type { RunPoint, RunState, RunSummary } from '../../../shared/model/runs.js';
import type { Reading } from '../../../shared/model/runtime.js';
import type { ModuleHost } from './module-host.js';
import type { RunContext, RunPlan } from './run-plan.js';
import { RunRecorder, type RecordingHeader } from './run-recorder.js';

/** How a run ended from outside, carried as the abort reason of its signal. */
export class RunEnded extends Error {
  constructor(
    readonly state: RunState,
    readonly why?: string,
  ) {
    super(why ?? `run ${state}`);
    this.name = 'RunEnded';
  }
}

export interface RunSetup {
  readonly moduleId: string;
  readonly host: ModuleHost;
  readonly plan: RunPlan;
  readonly folder: string;
  /** Why the run cannot go ahead at all (its plan could not be built): it fails at once, recording nothing. */
  readonly failure?: string;
  readonly header: Omit<RecordingHeader, 'columns' | 'startedAt'>;
  /** The run ended: from outside (`byItself` false, called in the mailbox), or by itself (every point taken, a step failed). */
  readonly onEnded: (run: ModuleRun, byItself: boolean) => void;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ModuleRun {
  readonly runId = randomUUID();
  readonly startedAt: number;
  state: RunState = 'running';
  reason: string | undefined;
  endedAt: number | undefined;
  done = 0;
  stats: Record<string, number> = {};
  /** Settles once the recording is closed (or could not be opened). */
  readonly finished: Promise<void>;
  private readonly points: RunPoint[] = [];
  private unpublished: RunPoint[] = [];
  private changed = true;
  private readonly controller = new AbortController();
  private recorder: RunRecorder | undefined;
  /** The recording once open (undefined if it could not be). */
  private readonly opened: Promise<RunRecorder | undefined>;
  /** Rows recorded while the file was being opened, written first thing once it is. */
  private early: { point: RunPoint; units: Readonly<Record<string, string>> | undefined; written: (done: Promise<void>) => void }[] = [];
  private readonly context: RunContext;

  constructor(private readonly setup: RunSetup) {
    this.startedAt = setup.host.now();
    this.context = {
      moduleId: setup.moduleId,
      host: setup.host,
      signal: this.controller.signal,
      record: (values, options) => this.record(values, options?.time, options?.units),
      setStats: (stats) => {
        this.stats = { ...stats };
        this.touch();
      },
    };
    const { folder, header, plan, failure } = setup;
    if (failure !== undefined) {
      this.opened = Promise.resolve(undefined);
      queueMicrotask(() => this.selfEnd('failed', failure));
      this.finished = Promise.resolve();
      return;
    }
    this.opened = RunRecorder.create(folder, { ...header, startedAt: this.startedAt, columns: plan.columns }).then(
      (recorder) => {
        this.recorder = recorder;
        for (const row of this.early.splice(0)) row.written(recorder.append(row.point, row.units));
        this.touch();
        return recorder;
      },
      (err: unknown) => {
        for (const row of this.early.splice(0)) row.written(Promise.resolve());
        this.selfEnd('failed', `cannot record in ${folder}: ${reasonOf(err)}`);
        return undefined;
      },
    );
    this.finished = this.drive();
  }

  /** Settles once the recording is open (or could not be opened). */
  get ready(): Promise<void> {
    return this.opened.then(() => undefined);
  }

  get live(): boolean {
    return this.state === 'running';
  }

  get columns(): RunPlan['columns'] {
    return this.setup.plan.columns;
  }

  /** Ends the run from outside; its steps see the abort and the file gets its end line. */
  end(state: Exclude<RunState, 'running'>, reason?: string): void {
    this.finish(state, reason, false);
  }

  /** A reading of the module's instruments, for a plan that watches them. */
  observe(reading: Reading): boolean {
    return this.live && this.setup.plan.observe ? this.setup.plan.observe(reading, this.context) : false;
  }

  summary(): RunSummary {
    const total = this.setup.plan.total;
    return {
      runId: this.runId,
      moduleId: this.setup.moduleId,
      startedAt: new Date(this.startedAt).toISOString(),
      ...(this.endedAt !== undefined ? { endedAt: new Date(this.endedAt).toISOString() } : {}),
      state: this.state,
      ...(this.reason ? { reason: this.reason } : {}),
      done: this.done,
      ...(total !== undefined ? { total } : {}),
      ...(this.recorder ? { file: this.recorder.file } : {}),
    };
  }

  /** The points kept for plotting, oldest first. */
  keptPoints(): readonly RunPoint[] {
    return this.points;
  }

  /** Points not sent yet, and whether the summary changed since last asked; both reset. */
  takeNews(): { points: RunPoint[]; changed: boolean } {
    const news = { points: this.unpublished, changed: this.changed };
    this.unpublished = [];
    this.changed = false;
    return news;
  }

  private touch(): void {
    this.changed = true;
    this.setup.host.touched(this.setup.moduleId);
  }

  private record(values: Readonly<Record<string, number>>, time = this.setup.host.now(), units?: Readonly<Record<string, string>>): Promise<void> {
    if (!this.live) return Promise.resolve();
    const point: RunPoint = { index: this.done, time, values: { ...values } };
    this.done += 1;
    const { maxPoints, retainMs } = this.setup.plan;
    for (const list of [this.points, this.unpublished]) {
      list.push(point);
      while (list.length > maxPoints || (retainMs !== undefined && list[0]!.time < time - retainMs)) list.shift();
    }
    this.touch();
    const written = this.recorder
      ? this.recorder.append(point, units)
      : new Promise<void>((resolve, reject) => this.early.push({ point, units, written: (done) => done.then(resolve, reject) }));
    // A row that cannot be written ends the run: a recording with holes would mislead.
    return written.catch((err: unknown) => {
      this.selfEnd('failed', `writing ${this.recorder?.file ?? 'the recording'} failed: ${reasonOf(err)}`);
    });
  }

  private selfEnd(state: Exclude<RunState, 'running'>, reason?: string): void {
    this.finish(state, reason, true);
  }

  private finish(state: Exclude<RunState, 'running'>, reason: string | undefined, byItself: boolean): void {
    if (!this.live) return;
    this.state = state;
    this.reason = reason;
    this.endedAt = this.setup.host.now();
    this.touch();
    this.controller.abort(new RunEnded(state, reason));
    this.setup.onEnded(this, byItself);
  }

  private async drive(): Promise<void> {
    const { host, plan } = this.setup;
    const recorder = await this.opened;
    if (!recorder) return;
    if (this.live) {
      const ended = new Promise<void>((resolve) => this.controller.signal.addEventListener('abort', () => resolve(), { once: true }));
      const steps = plan.run ? plan.run(this.context) : ended;
      try {
        // A step that ignores the abort (a device call still bounded by its own timeout) must
        // not keep the file open: the run ends as soon as it is ended.
        await Promise.race([steps, ended]);
        this.selfEnd('completed');
      } catch (err) {
        this.selfEnd('failed', reasonOf(err));
      }
      steps.catch(() => undefined);
    }
    await recorder.close(this.state, this.endedAt ?? host.now(), this.reason).catch((err: unknown) => {
      host.log('error', `closing ${recorder.file}: ${reasonOf(err)}`, this.setup.moduleId);
    });
  }
}
