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
 *
 * A deleted file put back by the person is a save too: it writes back what they read just
 * before deleting, so only a change that could have landed between that read and the delete
 * may be undone by it. While the file is gone (or its folder is away, or it is read-only, or
 * the disk is full) a write fails and its change is answered `persisted: false`, so it is only
 * possible, never required, until a SyncConfigToFile says nothing is pending any more; a change
 * acknowledged then must be in the file like any other.
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
    const savedLater = this.savedBySync(at);
    type Step = { start: number; command?: AppCommand; edit?: HandEdit };
    const steps: Step[] = [...this.commands.map((command) => ({ start: command.intent.at, command })), ...this.edits.map((edit) => ({ start: edit.readAt, edit }))];
    steps.sort((a, b) => a.start - b.start);
    for (const step of steps) {
      if (step.start >= at) break;
      if (step.edit) {
        if (path !== EDITOR_KEY || step.edit.wroteAt > at) continue;
        put(step.edit.value, `save #${step.edit.index} (${step.edit.style}${step.edit.offline ? ', app closed' : ''})`, true);
        for (const restore of this.restoresAcross(step.edit, at)) {
          const value = factFor(restore.intent.promise, path, true) as FactValue;
          put(value, `step ${restore.intent.step} ${restore.intent.command} (sent before save #${step.edit.index} read the file, answered after: it may have run after the save)`, false);
        }
        continue;
      }
      const { intent, outcome } = step.command as AppCommand;
      const value = factFor(intent.promise, path, intent.wholeFile);
      if (value === undefined) continue;
      const label = `step ${intent.step} ${intent.command}`;
      // Refused: nothing was written (a refusal after writing would itself be a finding).
      if (outcome && !outcome.ok) continue;
      const synced = savedLater.get(step.command as AppCommand);
      const end = synced?.at ?? outcome?.at ?? Infinity;
      if (!synced && (!outcome || !outcome.acknowledged || end > at)) {
        put(value, `${label} (${outcome ? (outcome.acknowledged ? 'answered after this moment' : `not acknowledged${outcome.code ? `: ${outcome.code}` : ''}`) : 'interrupted by the kill'})`, false);
        continue;
      }
      const crossing = this.edits.find((edit) => overlaps(intent.at, end, edit.readAt, edit.crossUntil ?? edit.wroteAt));
      if (crossing) for (const [key, older] of allowed) allowed.set(key, { ...older, writtenBackBy: crossing.index });
      const how = synced ? `reported unsaved, then written: step ${synced.step} SyncConfigToFile left nothing pending` : 'acknowledged';
      put(value, `${label} (${how}${crossing ? `; save #${crossing.index} ran across it and may have written the older value back` : ''})`, crossing === undefined);
    }
    return allowed;
  }

  /**
   * Restores of a whole text (rollbacks) sent before `edit` read the file and not answered
   * before it: waiting in the app's mailbox (a client may take a while to deliver a command),
   * one may run after the save, once hot reload has taken the save in (it keeps the text as a
   * version first; a save not taken in makes the restore refuse), and write its own value of
   * the editor's key over it. Those processed earlier in time order are wiped by the save.
   */
  private restoresAcross(edit: HandEdit, at: number): AppCommand[] {
    if (edit.offline) return [];
    return this.commands.filter(({ intent, outcome }) => intent.wholeFile && intent.at < edit.readAt && intent.at < at && (!outcome || (outcome.ok && outcome.at > edit.readAt)));
  }

  /**
   * Changes answered `persisted: false` because the write failed (PERSIST_FAILED: they stay
   * applied and pending) that an acknowledged SyncConfigToFile answered by `at` then wrote: it
   * says nothing is pending any more, so from then on they must be in the file like an
   * acknowledged change. A restore of a whole text drops what is pending, and a deleted file
   * put back may no longer take a pending change (it is set aside, the hand edit wins), so
   * neither is required across those. A change set's commit is all or nothing: never pending.
   */
  private savedBySync(at: number): Map<AppCommand, { at: number; step: number }> {
    const saved = new Map<AppCommand, { at: number; step: number }>();
    let pending: AppCommand[] = [];
    for (const command of this.commands) {
      const { intent, outcome } = command;
      if (intent.wholeFile && (!outcome || outcome.ok)) pending = [];
      const single = !intent.wholeFile && intent.command !== 'CommitTransaction';
      if (single && outcome?.ok && !outcome.acknowledged && outcome.code === 'PERSIST_FAILED') pending.push(command);
      if (intent.command !== 'SyncConfigToFile' || !outcome?.acknowledged || outcome.at > at) continue;
      const syncedAt = outcome.at;
      // Only changes answered before the sync was sent were surely pending when it ran.
      const before = pending.filter((change) => (change.outcome as OutcomeLine).at < intent.at);
      for (const change of before) {
        const putBackBetween = this.edits.some((edit) => edit.style === 'put-back' && edit.wroteAt > change.intent.at && edit.wroteAt < syncedAt);
        if (!putBackBetween) saved.set(change, { at: syncedAt, step: intent.step });
      }
      pending = pending.filter((change) => !before.includes(change));
    }
    return saved;
  }
}
