/**
 * Persistence: one parameter edit on a 300-line and a 5,000-line config. "edit + verify" is
 * our format-preserving splice plus the check (the new text parses, equals the intended
 * model, untouched bytes identical), both cold (a text never seen before) and as the app
 * writes its own file repeatedly (the last parse carried over), run side by side with Rust toml_edit (WASM) and
 * toml-patch doing the same edit in the same run, as ratios. "durable write" is the atomic
 * replacement (temp file, fsync, rename, fsync of the folder) on this machine's disk.
 * Goals: our edit + verify at least as fast as toml_edit on both sizes; durable write of a
 * typical config under 10 ms median; the app's whole write path (read, edit, verify, validate,
 * durable write) no slower than toml_edit doing the same job on the same file (read, edit, the
 * same durable write): the flush to disk is a promise the app keeps, so it is in both.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patch, parse as parseForPatch } from '@decimalturn/toml-patch';
import initTomlEdit, { edit as tomlEdit } from '@rainbowatcher/toml-edit-js';
import { writeFileAtomic } from '../main/core/persistence/atomic-file.js';
import { ConfigWriter } from '../main/core/persistence/config-writer.js';
import { loadConfigText } from '../main/core/config/index.js';
import { ConfigLoads } from '../main/core/versioning/config-loads.js';
import { contentHash } from '../main/core/persistence/write-ledger.js';
import { TomlDocumentCache, setValue, tomlFloat } from '../main/core/toml-edit/index.js';
import { benchConfig, lineCount } from './config-fixtures.js';
import { summarise, type Summary } from './stats.js';

function time(runs: number, work: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    work(i);
    samples.push(performance.now() - t0);
  }
  return samples.slice(Math.min(3, runs - 1));
}

function check(text: string, expected: string, who: string): void {
  if (!text.includes(expected)) throw new Error(`${who} did not make the edit`);
}

function editRows(label: string, text: string, runs: number): Summary[] {
  const last = Math.max(0, Math.round((lineCount(text) - 16) / 8) - 1);
  const path = ['instruments', `src_${last}`, 'amplitude'];
  const value = (i: number): number => 2.25 + (i % 5);
  const ours = time(runs, (i) => check(setValue(text, path, value(i)).text, `amplitude = ${value(i)}`, 'setValue'));
  // The app's own path: ConfigWriter edits the file it wrote last, so the parse of that text is
  // carried over (TomlDocumentCache) and each edit is checked in full or by the one-line proof.
  const cache = new TomlDocumentCache();
  let current = text;
  const chained = time(runs, (i) => {
    current = setValue(current, path, value(i), { cache }).text;
    check(current, `amplitude = ${value(i)}`, 'setValue (cached)');
  });
  const rust = time(runs, (i) => check(tomlEdit(text, path.join('.'), value(i)), `amplitude = ${value(i)}`, 'toml_edit'));
  const patchRuns = Math.max(3, Math.round(runs / 5));
  const js = time(patchRuns, (i) => {
    const model = parseForPatch(text) as Record<string, Record<string, Record<string, unknown>>>;
    (model['instruments'] as Record<string, Record<string, unknown>>)[`src_${last}`]!['amplitude'] = value(i);
    check(patch(text, model), `amplitude = ${value(i)}`, 'toml-patch');
  });
  const size = `${lineCount(text)} lines`;
  const oursRow = summarise(`edit + verify, ours (${size})`, ours, `≤ toml_edit (${label})`);
  const rustRow = summarise(`edit, toml_edit WASM (${size})`, rust);
  const jsRow = summarise(`edit, toml-patch (${size})`, js);
  const ratio = (row: Summary, peer: Summary): string => `median ${(row.medianMs / peer.medianMs).toFixed(2)}× of ${peer.name.split(',')[1]?.split('(')[0]?.trim()}`;
  const chainedRow = summarise(`edit + verify, ours, repeated writes (${size})`, chained, `≤ toml_edit (${label})`);
  return [
    { ...oursRow, goal: `${oursRow.goal}; ${ratio(oursRow, rustRow)}; ${ratio(oursRow, jsRow)}` },
    { ...chainedRow, goal: `${chainedRow.goal}; ${ratio(chainedRow, rustRow)}` },
    rustRow,
    jsRow,
  ];
}

async function durableRows(text: string, runs: number): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-write-'));
  const target = join(dir, 'config.toml');
  await writeFile(target, text);
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const next = setValue(text, ['log_level'], i % 2 ? 'info' : 'debug').text;
      const t0 = performance.now();
      await writeFileAtomic(target, next);
      samples.push(performance.now() - t0);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return [summarise(`durable atomic write (${lineCount(text)} lines, fsync)`, samples.slice(2), 'median < 10 ms (typical)')];
}

/** Writes not measured at the start of a write-path run: the JIT and the page cache settle. */
const WARM_UP = 10;

/** A ConfigWriter on `target` with the app's own check, as the core wires it. */
function appWriter(target: string, text: string, durable: boolean): ConfigWriter {
  // Loads remembered by content, the start-up load noted: each write's text is then validated
  // as the values it sets on the text before, as in the running app.
  const loads = new ConfigLoads();
  const first = loadConfigText(text, target);
  if (!first.ok) throw new Error('the bench config does not load');
  loads.note(text, target, first.config, first.doc.value);
  const writer = new ConfigWriter(target, () => Date.now(), undefined, durable ? {} : { durable: false }, loads.firstError);
  writer.ledger.record(contentHash(text));
  return writer;
}

/**
 * The whole write path of one parameter change as the app runs it (ConfigWriter: read the
 * file, edit and check, validate the result as a config, write it durably) against toml_edit doing the same job on a copy of the same file,
 * interleaved so both meet the same disk and the same load; the first rounds warm both up.
 * Each round edits another instrument, spread over the file. Also, apart from the disk flush:
 * the app's path with the fsyncs left out against toml_edit's edit in memory alone.
 */
async function writerRows(text: string, runs: number): Promise<Summary[]> {
  const dir = await mkdtemp(join(tmpdir(), 'daq-bench-writer-'));
  const files = ['config.toml', 'unflushed.toml', 'peer.toml'].map((name) => join(dir, name));
  await Promise.all(files.map((f) => writeFile(f, text)));
  const [target, unflushedTarget, peerTarget] = files as [string, string, string];
  const writer = appWriter(target, text, true);
  const unflushed = appWriter(unflushedTarget, text, false);
  const count = Math.max(1, Math.round((lineCount(text) - 16) / 8));
  const samples = { app: [] as number[], peer: [] as number[], appUnflushed: [] as number[], peerInMemory: [] as number[] };
  const timed = async (into: number[], work: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await work();
    into.push(performance.now() - t0);
  };
  try {
    for (let i = 0; i < WARM_UP + runs; i += 1) {
      const value = 2.25 + (i % 5);
      const id = `src_${(i * 97) % count}`;
      // A float parameter as the app sends it (written as a float), with the change marker.
      const change = { kind: 'set' as const, path: ['instruments', id, 'amplitude'], value: tomlFloat(value), marker: true };
      for (const [w, into] of [[writer, samples.app], [unflushed, samples.appUnflushed]] as const) {
        await timed(into, async () => {
          const r = await w.write([change]);
          if (!r.persisted) throw new Error(`write failed: ${r.persistError?.message}`);
        });
      }
      let edited = '';
      await timed(samples.peer, async () => {
        edited = tomlEdit(await readFile(peerTarget, 'utf8'), `instruments.${id}.amplitude`, value);
        await writeFileAtomic(peerTarget, edited);
      });
      check(edited, `amplitude = ${value}`, 'toml_edit');
      await timed(samples.peerInMemory, async () => tomlEdit(edited, `instruments.${id}.amplitude`, value + 1));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const size = `${lineCount(text)} lines`;
  const measured = (xs: number[]): number[] => xs.slice(WARM_UP);
  const peerRow = summarise(`toml_edit file edit: read, edit, the same durable write (${size})`, measured(samples.peer));
  const app = summarise(`app write path: read, edit, check, validate, durable write (${size})`, measured(samples.app), '≤ toml_edit file edit');
  const inMemory = summarise(`toml_edit edit in memory, same run (${size})`, measured(samples.peerInMemory));
  const appUnflushed = summarise(`app write path without the fsyncs (${size})`, measured(samples.appUnflushed), '≤ toml_edit edit in memory');
  const ratio = (a: Summary, b: Summary): string => `median ${(a.medianMs / b.medianMs).toFixed(2)}× of it`;
  return [{ ...app, goal: `${app.goal}; ${ratio(app, peerRow)}` }, peerRow, { ...appUnflushed, goal: `${appUnflushed.goal}; ${ratio(appUnflushed, inMemory)}` }, inMemory];
}

export async function benchPersistence(): Promise<Summary[]> {
  await initTomlEdit();
  const typical = benchConfig(300);
  const large = benchConfig(5000);
  return [...editRows('300 lines', typical, 60), ...editRows('5,000 lines', large, 20), ...(await durableRows(typical, 40)), ...(await durableRows(large, 15)), ...(await writerRows(typical, 60)), ...(await writerRows(large, 40))];
}
