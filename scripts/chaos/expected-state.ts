/**
 * What the file may hold at a given moment of a round, from what was promised and done since
 * the last check: the facts that check found, the child's commands in order (with their
 * promises, and whether each was acknowledged), and the person's saves.
 *
 * For each key the allowed values start at what the last check found. A command acknowledged
 * before the moment makes its value the only one allowed, unless a save of the person's editor
 * ran across it: a save writes back everything it read, so a change the app made between that
 * read and that write may be undone by the person, and the older value stays allowed. A command
 * not acknowledged (killed mid-way, or persisted: false and still pending) adds its value as
 * possible. A save makes its value the only one allowed for the editor's key. Nothing else may
 * change a key.
 */
import { EDITOR_KEY, factFor, factKey, type FactValue, type Facts } from './config-facts.js';
import type { HandEdit } from './hand-editor.js';
import type { IntentLine, OutcomeLine } from './chaos-protocol.js';

export interface AppCommand {
  readonly intent: IntentLine;
  readonly outcome?: OutcomeLine;
}

/** Why a value is allowed, for the failure report. */
export interface AllowedValue {
  readonly value: FactValue;
  readonly because: string;
  /** Allowed only because this save ran across a later acknowledged change and may have written it back. */
  readonly writtenBackBy?: number;
}

function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

export class ExpectedState {
  constructor(
    /** The facts the last check found in the file. */
    readonly base: Facts,
    readonly commands: readonly AppCommand[],
    readonly edits: readonly HandEdit[],
  ) {}

  /** Every key any promise, save or the base mentions (the file's own keys are added by the caller). */
  paths(): Set<string> {
    const paths = new Set(Object.keys(this.base));
    for (const { intent } of this.commands) for (const path of Object.keys(intent.promise)) paths.add(path);
    if (this.edits.length) paths.add(EDITOR_KEY);
    return paths;
  }

  /**
   * The values `path` may have at monotonic time `at` (Infinity: after the kill). Commands are
   * taken in the order they were sent, saves in the order they were made.
   */
  allowedAt(path: string, at: number): Map<string, AllowedValue> {
    let allowed = new Map<string, AllowedValue>([[factKey(this.base[path]), { value: this.base[path] ?? null, because: 'found at the last check' }]]);
    const put = (value: FactValue, because: string, only: boolean): void => {
      if (only) allowed = new Map();
      allowed.set(factKey(value), { value, because });
    };
    type Step = { start: number; command?: AppCommand; edit?: HandEdit };
    const steps: Step[] = [...this.commands.map((command) => ({ start: command.intent.at, command })), ...this.edits.map((edit) => ({ start: edit.readAt, edit }))];
    steps.sort((a, b) => a.start - b.start);
    for (const step of steps) {
      if (step.start >= at) break;
      if (step.edit) {
        if (path === EDITOR_KEY && step.edit.wroteAt <= at) put(step.edit.value, `save #${step.edit.index} (${step.edit.style}${step.edit.offline ? ', app closed' : ''})`, true);
        continue;
      }
      const { intent, outcome } = step.command as AppCommand;
      const value = factFor(intent.promise, path, intent.wholeFile);
      if (value === undefined) continue;
      const label = `step ${intent.step} ${intent.command}`;
      // Refused: nothing was written (a refusal after writing would itself be a finding).
      if (outcome && !outcome.ok) continue;
      const end = outcome?.at ?? Infinity;
      if (!outcome || !outcome.acknowledged || end > at) {
        put(value, `${label} (${outcome ? (outcome.acknowledged ? 'answered after this moment' : `not acknowledged${outcome.code ? `: ${outcome.code}` : ''}`) : 'interrupted by the kill'})`, false);
        continue;
      }
      const crossing = this.edits.find((edit) => overlaps(intent.at, end, edit.readAt, edit.wroteAt));
      if (crossing) for (const [key, older] of allowed) allowed.set(key, { ...older, writtenBackBy: crossing.index });
      put(value, `${label} (acknowledged${crossing ? `; save #${crossing.index} ran across it and may have written the older value back` : ''})`, crossing === undefined);
    }
    return allowed;
  }
}
