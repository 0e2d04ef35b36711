/**
 * One run's CSV file in the storage folder, named by module and start time. Header lines (`# `)
 * say which module, which instruments in which roles, the parameters, the units and the
 * configuration revision it ran under; then one row per point, written as it comes, so a run
 * that is stopped (or an app that dies) leaves the rows it had. A last `# ended:` line says how
 * it ended; a file without one was cut short.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStorageFolder } from './storage-folder.js';
import type { RunColumn, RunPoint, RunState } from '../../../shared/model/runs.js';

/** What the header of a recording says. */
export interface RecordingHeader {
  readonly moduleId: string;
  readonly moduleType: string;
  readonly startedAt: number;
  readonly configFile: string;
  readonly revision?: string;
  readonly pendingChanges: number;
  readonly roles: readonly { readonly role: string; readonly instrumentId: string; readonly type: string }[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly columns: readonly RunColumn[];
}

/** The first line of every recording; listing skips CSV files without it. */
export const RECORDING_MARK = '# DAQ Studio run recording';

/** `20261206_114900`: the start time in a file name, UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** A header or trailer value on one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function unitsLine(columns: readonly RunColumn[]): string {
  return `# units: timestamp=UTC ISO 8601, point=index, ${columns.map((c) => `${c.name}=${c.unit}`).join(', ')}\n`;
}

function headerText(h: RecordingHeader): string {
  const pending = h.pendingChanges > 0 ? ` (plus ${h.pendingChanges} change(s) made in the app, not yet written to the file)` : '';
  const { type: _type, roles: _roles, ...params } = h.params;
  return [
    `${RECORDING_MARK}\n`,
    `# module: ${h.moduleId}\n`,
    `# module_type: ${h.moduleType}\n`,
    `# started: ${new Date(h.startedAt).toISOString()}\n`,
    `# config_file: ${oneLine(h.configFile)}\n`,
    `# config_revision: ${h.revision ? `sha256:${h.revision}` : 'unknown'}${pending}\n`,
    ...h.roles.map((r) => `# role ${r.role}: ${r.instrumentId} (${r.type})\n`),
    `# parameters: ${oneLine(JSON.stringify(params))}\n`,
    unitsLine(h.columns),
    `timestamp,point,${h.columns.map((c) => c.name).join(',')}\n`,
  ].join('');
}

/** An open recording. Writes run one after another, in the order they were asked for. */
export class RunRecorder {
  rows = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    /** Relative to the storage folder. */
    readonly file: string,
    private columns: readonly RunColumn[],
  ) {}

  /** Creates the folder if needed (see storage-folder.ts) and a new file there (never overwriting one), header written. */
  static async create(folder: string, header: RecordingHeader): Promise<RunRecorder> {
    await makeStorageFolder(folder);
    const base = `${header.moduleId}_${stamp(header.startedAt)}`;
    for (let n = 1; ; n += 1) {
      const file = n === 1 ? `${base}.csv` : `${base}_${n}.csv`;
      let handle: FileHandle;
      try {
        handle = await open(join(folder, file), 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
        throw err;
      }
      try {
        await handle.write(headerText(header));
      } catch (err) {
        await handle.close().catch(() => undefined);
        throw err;
      }
      return new RunRecorder(handle, file, header.columns);
    }
  }

  /** Appends one row; a column whose unit changed gets a new units line first. */
  append(point: RunPoint, units?: Readonly<Record<string, string>>): Promise<void> {
    return this.enqueue(async () => {
      const changed = units && this.columns.some((c) => units[c.name] !== undefined && units[c.name] !== c.unit);
      let text = '';
      if (changed) {
        this.columns = this.columns.map((c) => ({ name: c.name, unit: units[c.name] ?? c.unit }));
        text += unitsLine(this.columns);
      }
      const cells = this.columns.map((c) => (point.values[c.name] === undefined ? '' : String(point.values[c.name])));
      text += `${new Date(point.time).toISOString()},${point.index},${cells.join(',')}\n`;
      await this.handle.write(text);
      this.rows += 1;
    });
  }

  /** Writes the end line and closes the file; later appends are dropped. */
  close(state: RunState, endedAt: number, reason?: string): Promise<void> {
    const work = this.enqueue(async () => {
      try {
        await this.handle.write(`# ended: ${new Date(endedAt).toISOString()} ${state}${reason ? `: ${oneLine(reason)}` : ''}\n`);
      } finally {
        await this.handle.close();
      }
    });
    this.closed = true;
    return work;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.resolve();
    const next = this.queue.then(work);
    // One failed write must not stop the end line from being tried.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
