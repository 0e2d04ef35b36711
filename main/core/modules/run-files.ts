/**
 * The recordings in the storage folder, read back: what `ListRuns` lists (module, start, rows,
 * how it ended) and the points of a module's newest recording when the app has none in memory
 * (after a restart). Files are read line by line, so a long monitor recording is never loaded
 * whole just to be counted.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunColumn, RunFile, RunPoint } from '../../../shared/model/runs.js';
import { RECORDING_MARK } from './run-recorder.js';

/** A recording read back. */
export interface ParsedRun {
  readonly moduleId: string;
  readonly moduleType: string;
  readonly startedAt: string;
  readonly columns: readonly RunColumn[];
  readonly rows: number;
  readonly outcome: RunFile['outcome'];
  readonly reason?: string;
  readonly endedAt?: string;
  /** The last points, when asked for. */
  readonly points: readonly RunPoint[];
}

/** `timestamp=UTC ISO 8601, point=index, angle=deg` → the units of the data columns. */
function parseUnits(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of text.split(', ')) {
    const at = pair.indexOf('=');
    if (at > 0) out.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

function parseEnd(text: string): { endedAt: string; outcome: RunFile['outcome']; reason?: string } {
  const m = /^(\S+) (completed|stopped|failed)(?:: (.*))?$/.exec(text);
  if (!m) return { endedAt: '', outcome: 'incomplete' };
  return { endedAt: m[1]!, outcome: m[2] as RunFile['outcome'], ...(m[3] ? { reason: m[3] } : {}) };
}

/** Reads one recording; undefined for a file that is not one (no mark on its first line). */
export async function readRunFile(path: string, keepPoints = 0): Promise<ParsedRun | undefined> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const meta = new Map<string, string>();
  let units = new Map<string, string>();
  let names: string[] | undefined;
  let rows = 0;
  let first = true;
  const points: RunPoint[] = [];
  try {
    for await (const line of lines) {
      if (first) {
        first = false;
        if (line !== RECORDING_MARK) return undefined;
        continue;
      }
      if (line.startsWith('# ')) {
        const at = line.indexOf(': ');
        const key = at > 0 ? line.slice(2, at) : '';
        if (key === 'units') units = parseUnits(line.slice(at + 2));
        else if (key) meta.set(key, line.slice(at + 2));
        continue;
      }
      if (line === '') continue;
      if (!names) {
        names = line.split(',').slice(2);
        continue;
      }
      rows += 1;
      if (keepPoints > 0) {
        const cells = line.split(',');
        const values: Record<string, number> = {};
        names.forEach((name, i) => {
          const cell = cells[i + 2];
          if (cell !== undefined && cell !== '') values[name] = Number(cell);
        });
        points.push({ index: Number(cells[1]), time: Date.parse(cells[0] ?? ''), values });
        if (points.length > keepPoints) points.shift();
      }
    }
  } finally {
    lines.close();
  }
  if (first) return undefined;
  const end = meta.has('ended') ? parseEnd(meta.get('ended')!) : { outcome: 'incomplete' as const };
  return {
    moduleId: meta.get('module') ?? '',
    moduleType: meta.get('module_type') ?? '',
    startedAt: meta.get('started') ?? '',
    columns: (names ?? []).map((name) => ({ name, unit: units.get(name) ?? '' })),
    rows,
    ...end,
    points,
  };
}

/**
 * What listing read of each file, by path, with the size and modification time it had then:
 * an ended recording never changes, so a folder of many runs is read once, not on every list.
 */
const summaries = new Map<string, { size: number; mtimeMs: number; run: ParsedRun | undefined }>();
const MAX_SUMMARIES = 10_000;

async function summaryOf(path: string, size: number, mtimeMs: number): Promise<ParsedRun | undefined> {
  const known = summaries.get(path);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.run;
  const run = await readRunFile(path).catch(() => undefined);
  if (summaries.size >= MAX_SUMMARIES) summaries.clear();
  summaries.set(path, { size, mtimeMs, run });
  return run;
}

/** Every recording in `folder`, newest first; a missing folder has none. */
export async function listRunFiles(folder: string): Promise<RunFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: RunFile[] = [];
  for (const file of names.filter((n) => n.endsWith('.csv')).sort()) {
    const path = join(folder, file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const run = await summaryOf(path, info.size, info.mtimeMs);
    if (!run) continue;
    out.push({
      file,
      moduleId: run.moduleId,
      moduleType: run.moduleType,
      startedAt: run.startedAt,
      rows: run.rows,
      bytes: info.size,
      outcome: run.outcome,
      ...(run.reason ? { reason: run.reason } : {}),
    });
  }
  // Newest first; within one second the later file (`_2` after the plain name). Code-unit order,
  // not the locale's, so the list is the same on every machine.
  const key = (f: RunFile): string => `${f.startedAt}\u0000${f.file}`;
  return out.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}
