/**
 * Invariants 1–3 on one look at the file: it loads as a config; every acknowledged change is
 * there unless something later replaced it; and the person's last save is there, or was kept in
 * `.daq/hand-edits/` (said in the log) when the app's write could not take it. A look is taken
 * at every save of the editor (it reads the file first) and once after each kill.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfigText } from '../../main/core/index.js';
import { EDITOR_INSTRUMENT, EDITOR_KEY, factKey, factsOf, type Facts } from './config-facts.js';
import type { ExpectedState } from './expected-state.js';
import type { LogLine } from './chaos-protocol.js';

/** The promises checked: (1) the file loads, (2) acknowledged changes stay, (3) hand edits are not lost silently, (4) the versions index matches its files, (5) no commit is left half done, (6) no temp file is left and `.daq/` agrees with the file, (7) the file, the model and the running instruments agree. */
export type Invariant = '1-file-loads' | '2-acknowledged-changes' | '3-hand-edits' | '4-versions' | '5-transactions' | '6-leftovers' | '7-instruments';

export interface Finding {
  readonly invariant: Invariant;
  readonly message: string;
  /** What makes two findings the same failure (default: the message with numbers and ids taken out). */
  readonly kind?: string;
  /** The key a finding of invariants 2 and 3 is about (one lost change is found at every later look). */
  readonly key?: string;
  /** The file itself was not a complete config (the summary's "corrupt"). */
  readonly corrupt?: boolean;
}

export interface Observation {
  readonly at: number;
  readonly text: string;
  /** Where the look was taken, for the report. */
  readonly what: string;
}

/** Saves of the person kept aside by the app: offset value → file name. */
export type KeptSaves = ReadonlyMap<number, string>;

/** Reads `.daq/hand-edits/`: each kept text's editor offset (texts kept there need not parse). */
export async function readKeptSaves(configPath: string): Promise<Map<number, string>> {
  const folder = join(dirname(configPath), '.daq', 'hand-edits');
  const kept = new Map<number, string>();
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => '');
    const section = text.split(`[instruments.${EDITOR_INSTRUMENT}]`)[1]?.split(/\n\s*\[/)[0] ?? '';
    const match = /^\s*offset\s*=\s*([-0-9.eE+]+)/m.exec(section);
    if (match) kept.set(Number(match[1]), name);
  }
  return kept;
}

export interface ObservationResult {
  readonly facts?: Facts;
  readonly findings: Finding[];
  readonly checks: number;
  /** Saves not in the file but kept aside, with and without a log line naming the kept file. */
  readonly keptWithLog: number;
  readonly keptWithoutLog: number;
  /** Keys found at an older value that a save running across an acknowledged change wrote back. */
  readonly writtenBack: number;
}

export function checkObservation(look: Observation, expected: ExpectedState, configPath: string, kept: KeptSaves, logs: readonly LogLine[]): ObservationResult {
  const loaded = loadConfigText(look.text, configPath);
  if (!loaded.ok) {
    const issues = loaded.issues.filter((i) => i.severity === 'error').map((i) => `${i.line}:${i.column} ${i.message}`);
    return { findings: [{ invariant: '1-file-loads', corrupt: true, message: `${look.what}: the file does not load as a config (${issues.join('; ')})\n--- file ---\n${look.text}` }], checks: 1, keptWithLog: 0, keptWithoutLog: 0, writtenBack: 0 };
  }
  const facts = factsOf(loaded.config);
  const findings: Finding[] = [];
  let checks = 1;
  let keptWithLog = 0;
  let keptWithoutLog = 0;
  let writtenBack = 0;
  const paths = expected.paths();
  for (const path of Object.keys(facts)) paths.add(path);
  for (const path of [...paths].sort()) {
    checks += 1;
    const actual = facts[path] ?? null;
    const allowed = expected.allowedAt(path, look.at);
    const match = allowed.get(factKey(actual));
    if (match) {
      if (match.writtenBackBy !== undefined) writtenBack += 1;
      continue;
    }
    if (path === EDITOR_KEY) {
      // Not in the file, but kept aside: not lost silently (the log line may have been cut by the kill).
      const keptSave = [...allowed.values()].find((a) => a.because.startsWith('save #') && typeof a.value === 'number' && kept.has(a.value));
      if (keptSave) {
        const file = kept.get(keptSave.value as number) as string;
        if (logs.some((line) => line.message.includes(file))) keptWithLog += 1;
        else keptWithoutLog += 1;
        continue;
      }
    }
    const expectedText = [...allowed.values()].map((a) => `${JSON.stringify(a.value)} (${a.because})`).join(' or ');
    findings.push({
      invariant: path === EDITOR_KEY ? '3-hand-edits' : '2-acknowledged-changes',
      key: path,
      message: `${look.what}: ${path} is ${JSON.stringify(actual)}, expected ${expectedText}${path === EDITOR_KEY ? '; no kept copy of that save in .daq/hand-edits/' : ''}`,
    });
  }
  return { facts, findings, checks, keptWithLog, keptWithoutLog, writtenBack };
}
