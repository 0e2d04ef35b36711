/**
 * The record of a round whose checks failed: the seed and round that replay its choices, the
 * facts it started from, every command (with its promise and answer), save and log line in
 * time order, what the recovering core said, and the file as it is now.
 */
import { readFile } from 'node:fs/promises';
import type { LogLine } from './chaos-protocol.js';
import type { FaultEvent } from './chaos-faults.js';
import type { SerialFaultKind } from './serial-sims.js';
import { deriveSeed } from './seeded-random.js';
import type { ExpectedState } from './expected-state.js';

export interface RoundRecord {
  readonly seed: number;
  readonly round: number;
  readonly configPath: string;
  readonly expected: ExpectedState;
  readonly logs: readonly LogLine[];
  readonly recoveryLog: readonly string[];
  readonly stderr: string;
  /** The faults of the round's life, and the devices kept faulty while the check started. */
  readonly faults?: readonly FaultEvent[];
  readonly faultyAtCheck?: ReadonlyMap<string, SerialFaultKind>;
}

export async function describeRound(record: RoundRecord): Promise<string> {
  const { expected } = record;
  const starts = [...expected.commands.map((c) => c.intent.at), ...expected.edits.map((e) => e.readAt)];
  const origin = starts.length ? Math.min(...starts) : 0;
  const ms = (micros: number): string => (micros === Infinity ? 'never' : `${((micros - origin) / 1000).toFixed(3)} ms`);
  const timeline: { at: number; text: string }[] = [];
  for (const { intent, outcome } of expected.commands) {
    timeline.push({ at: intent.at, text: `step ${intent.step} via ${intent.client} ${intent.command} ${JSON.stringify(intent.request)}\n      promises ${intent.wholeFile ? '(whole file) ' : ''}${JSON.stringify(intent.promise)}` });
    const answer = outcome ? `${outcome.ok ? 'ok' : 'refused'}${outcome.acknowledged ? ', acknowledged' : ', not acknowledged'}${outcome.code ? ` (${outcome.code}${outcome.message ? `: ${outcome.message}` : ''})` : ''}` : 'no answer: killed';
    timeline.push({ at: outcome?.at ?? Infinity, text: `step ${intent.step} (${intent.client}) answered: ${answer}` });
  }
  for (const edit of expected.edits) {
    timeline.push({ at: edit.readAt, text: `save #${edit.index} read the file` });
    timeline.push({ at: edit.wroteAt, text: `save #${edit.index} wrote offset = ${edit.value} (${edit.style}${edit.offline ? ', app closed' : ''})` });
    if (edit.crossUntil !== undefined) timeline.push({ at: edit.crossUntil, text: `save #${edit.index}: the file was deleted (put back at the save)` });
  }
  for (const fault of record.faults ?? []) {
    const what = `${fault.kind}${fault.device ? ` of ${fault.device}` : ''}`;
    timeline.push({ at: fault.startedAt, text: `fault begins: ${what}` });
    timeline.push({ at: fault.endedAt ?? Infinity, text: `fault ends: ${what}${fault.outlivedKill ? ' (after the kill)' : ''}` });
  }
  timeline.sort((a, b) => a.at - b.at);
  const file = await readFile(record.configPath, 'utf8').catch((err: unknown) => `(unreadable: ${String(err)})`);
  return [
    `seed ${record.seed}, round ${record.round} (child seed ${deriveSeed(record.seed, record.round)}); replay the same choices with --seed ${record.seed} --kills ${record.round}`,
    `facts at the start of the round: ${JSON.stringify(expected.base)}`,
    'timeline (from the first command or save):',
    ...timeline.map((t) => `  ${ms(t.at).padStart(12)}  ${t.text}`),
    ...[...(record.faultyAtCheck ?? [])].map(([id, kind]) => `device of ${id} kept faulty (${kind}) while the checking core started`),
    'warnings and errors the app logged:',
    ...record.logs.map((l) => `  ${l.level}: ${l.message}`),
    'what the recovering core logged:',
    ...record.recoveryLog.map((l) => `  ${l}`),
    ...(record.stderr ? ['child stderr:', record.stderr.slice(-2000)] : []),
    `--- ${record.configPath} now ---`,
    file,
  ].join('\n');
}
