/**
 * Writing runtime changes back into the config file. Each change becomes a format-preserving
 * edit of the current file text (comments and layout untouched outside the edited span),
 * verified, then written atomically and durably. A change that cannot be written stays applied
 * in memory and pending here, reported with its reason; the next write or SyncConfigToFile
 * retries every pending change in order. Nothing pending is dropped.
 */
import { AppError, type AppErrorData } from '../../../shared/errors.js';
import { persistError, WriteLock, type AtomicWriteOptions } from './atomic-file.js';
import { replaceIfUnchanged } from './guarded-replace.js';
import { cleanUpInterruptedWrites } from './interrupted-writes.js';
import { readRegularFile } from './read-regular.js';
import { keepHandEdit } from './kept-hand-edits.js';
import { TomlDocumentCache, decodeTomlBytes, detectLineEnding, encodeTomlText } from '../toml-edit/index.js';
import { noTextCheck, rebasePending, type ConfigChange, type Conflict, type PendingChange, type TextCheck } from './pending-rebase.js';
import { describeWriteError, explain, requireWholeBatch } from './write-refusals.js';
import { contentHash, WriteLedger } from './write-ledger.js';

export type { ConfigChange } from './pending-rebase.js';

export interface PersistResult {
  readonly persisted: boolean;
  readonly persistError?: AppErrorData;
  /** Content hashes of the file as the write left it, and of the text it edited (when it wrote). */
  readonly writtenHash?: string;
  readonly baseHash?: string;
  /** Pending changes set aside because a hand edit changed what they were about, in words. */
  readonly conflicts?: readonly string[];
  /** Saves of another program that landed while the app was writing, and what became of them. */
  readonly handEdits?: readonly HandEditNotice[];
}

/** A save of the file by another program that our rename replaced: merged, or its text kept aside. */
export interface HandEditNotice {
  readonly merged: boolean;
  /** Where its full text was kept when it could not be merged. */
  readonly savedAs?: string;
  readonly message: string;
}

export interface PersistenceStatus {
  readonly pending: number;
  readonly lastError?: AppErrorData;
}

/** One edit of the file's bytes: what it produced, and the content hash of the bytes it edited. */
interface Edited {
  readonly baseHash: string;
  readonly out: Uint8Array;
  readonly conflicts: Conflict[];
  readonly failed: Conflict[];
}

interface Written extends Edited {
  readonly handEdits: readonly HandEditNotice[];
}

/** Attempts at an edit when another program keeps changing the file under us. */
const MAX_ATTEMPTS = 5;

export class ConfigWriter {
  readonly ledger = new WriteLedger();
  private pending: PendingChange[] = [];
  private lastError: AppErrorData | undefined;
  private readonly lock = new WriteLock();
  /**
   * The parse of the text the last edit produced. The next write reads the file back, and when
   * it still holds exactly that text, the first edit starts without parsing it; consecutive
   * edits of one batch hand the parse on the same way.
   */
  private readonly documents = new TomlDocumentCache();
  /** Why the file must not be written now (see {@link hold}); changes wait pending meanwhile. */
  private heldBy: string | undefined;

  constructor(
    readonly path: string,
    private readonly now: () => number,
    /** Told the text of every successful write (hot reload remembers it as last seen). */
    private readonly onWritten: (text: string) => Promise<unknown> = async () => undefined,
    /** Tests inject a rename that lets another program's save land at the worst moment. */
    private readonly replaceOptions: AtomicWriteOptions = {},
    /** Whether a text loads as the app's config: nothing is written that would not. */
    private readonly check: TextCheck = noTextCheck,
  ) {}

  /**
   * Holds every write while `reason` stands (undefined releases): a commit whose record could
   * not be saved is judged after a crash by what the file holds, so nothing may change the file
   * until that record is written. Changes stay pending and are written after the release.
   */
  hold(reason: string | undefined): void {
    this.heldBy = reason;
  }

  status(): PersistenceStatus {
    return { pending: this.pending.length, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /** Start-up: what interrupted writes left beside the file (see interrupted-writes.ts). */
  cleanUp(): Promise<{ removed: string[]; kept: string[] }> {
    return cleanUpInterruptedWrites(this.path, this.now());
  }

  /**
   * Queues changes and writes everything pending. `persisted` is true only when these very
   * changes are in the file now.
   */
  write(changes: readonly ConfigChange[], options: { allOrNothing?: boolean } = {}): Promise<PersistResult> {
    const at = new Date(this.now());
    const added = changes.map((change) => ({ change, at }));
    this.pending.push(...added);
    return this.flush(added, options.allOrNothing === true);
  }

  /**
   * Writes every pending change (SyncConfigToFile); a no-op when nothing is pending. With
   * `allOrNothing`, the requested changes land together or not at all, and when they do not,
   * they leave the pending list: the caller takes them back in memory.
   */
  flush(requested: readonly PendingChange[] = [], allOrNothing = false): Promise<PersistResult> {
    return this.lock.run(async () => {
      if (this.pending.length === 0) return { persisted: true };
      const batch = allOrNothing ? new Set(requested) : undefined;
      try {
        if (this.heldBy) throw new AppError('PERSIST_FAILED', `not written to ${this.path} yet: ${this.heldBy}`);
        const written = await this.editUntilStable(batch);
        const hashes = { writtenHash: contentHash(written.out), baseHash: written.baseHash };
        // Only when we edited the very text the app reflects does the result reflect the app
        // too; an edit on top of someone else's save leaves their change for hot reload to apply.
        if (this.ledger.isKnown(hashes.baseHash)) {
          this.ledger.record(hashes.writtenHash);
          await this.onWritten(Buffer.from(written.out).toString('utf8'));
        }
        return this.settle(written, requested, hashes);
      } catch (err) {
        if (batch) {
          this.pending = this.pending.filter((p) => !batch.has(p));
          return { persisted: false, persistError: describeWriteError(this.path, err) };
        }
        this.lastError = describeWriteError(this.path, err);
        return { persisted: false, persistError: this.lastError };
      }
    });
  }

  /**
   * Replaces the whole file with `text` (a rollback to earlier bytes), guarded like every write.
   * A hand edit the app has not taken in yet would be lost, so it is refused with CONFLICT;
   * pending changes are dropped, as the caller moves the running config to `text` too.
   */
  replaceText(text: string): Promise<PersistResult> {
    return this.lock.run(async () => {
      if (this.heldBy) throw new AppError('PERSIST_FAILED', `${this.path} was not replaced: ${this.heldBy}`);
      const out = Buffer.from(text, 'utf8');
      const handEdits: HandEditNotice[] = [];
      for (let attempt = 1; ; attempt += 1) {
        const current = await this.read();
        if (!this.ledger.isKnown(contentHash(current))) {
          throw new AppError('CONFLICT', `${this.path} was edited since the app last read it; let the edit be picked up (or reload) before going back`);
        }
        const outcome = await replaceIfUnchanged(this.path, out, current, this.replaceOptions);
        if (outcome.kind === 'changed') {
          if (attempt < MAX_ATTEMPTS) continue;
          throw new AppError('PERSIST_FAILED', `cannot write ${this.path}: another program keeps changing it`);
        }
        if (outcome.kind === 'slipped') handEdits.push(await this.keepAside(outcome.replaced, new Error('the file was being restored to an earlier version'), outcome.keptAs));
        this.pending = [];
        this.lastError = undefined;
        this.ledger.record(contentHash(out));
        await this.onWritten(text);
        return { persisted: true, ...(handEdits.length ? { handEdits } : {}) };
      }
    });
  }

  /**
   * The text the file would have with `changes` on top of it as it is now (and of what is
   * pending), and why any of them would not land. Writes nothing: a transaction shows it
   * before it commits.
   */
  async preview(changes: readonly ConfigChange[]): Promise<{ text: string; refused: string[] }> {
    const at = new Date(this.now());
    const bytes = await this.read();
    const decoded = decodeTomlBytes(bytes);
    const origin = this.ledger.isKnown(contentHash(bytes)) ? 'app' : 'hand-edit';
    const rebased = rebasePending(decoded.text, decoded.eol, [...this.pending, ...changes.map((change) => ({ change, at }))], this.path, origin, this.check);
    return { text: rebased.text, refused: [...rebased.conflicts, ...rebased.failed].map(explain) };
  }

  /** What stays pending after a write, and whether the requested changes made it. */
  private settle(written: Written, requested: readonly PendingChange[], hashes: { writtenHash: string; baseHash: string }): PersistResult {
    const failedSet = new Set(written.failed.map((f) => f.pending));
    const conflictSet = new Set(written.conflicts.map((c) => c.pending));
    this.pending = this.pending.filter((p) => failedSet.has(p));
    const firstFailure = written.failed[0];
    this.lastError = firstFailure
      ? { code: 'PERSIST_FAILED', message: `cannot write ${this.path}: ${explain(firstFailure)}` }
      : undefined;
    const missed = requested.find((p) => failedSet.has(p) || conflictSet.has(p));
    const ownFailure = requested.length === 0 ? firstFailure : written.failed.find((f) => f.pending === missed);
    const ownConflict = written.conflicts.find((c) => c.pending === missed);
    const persistError: AppErrorData | undefined = ownFailure
      ? { code: 'PERSIST_FAILED', message: `cannot write ${this.path}: ${explain(ownFailure)}` }
      : ownConflict
        ? { code: 'CONFLICT', message: `${explain(ownConflict)}; the file was edited by hand meanwhile and the hand edit wins` }
        : undefined;
    return {
      persisted: persistError === undefined,
      ...(persistError ? { persistError } : hashes),
      ...(written.conflicts.length ? { conflicts: written.conflicts.map(explain) } : {}),
      ...(written.handEdits.length ? { handEdits: written.handEdits } : {}),
    };
  }

  /**
   * Drops pending changes at or under `path`: a removal kept in memory only (`persist: false`)
   * makes them moot, and left pending they would bring the removed table back at the next
   * write or hot reload.
   */
  forgetUnder(path: readonly string[]): void {
    const inside = (p: PendingChange): boolean => path.every((seg, i) => p.change.path[i] === seg);
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => !inside(p));
    if (this.pending.length === 0 && before > 0) this.lastError = undefined;
  }

  /**
   * The pending changes put on top of `text` (a hand edit hot reload is about to apply), so the
   * app keeps both; the ones that no longer fit are set aside and described. Writes nothing.
   */
  rebaseOnto(text: string): { text: string; conflicts: string[] } {
    if (this.pending.length === 0) return { text, conflicts: [] };
    const rebased = rebasePending(text, detectLineEnding(text), this.pending, this.path, 'hand-edit', this.check);
    const dropped = new Set(rebased.conflicts.map((c) => c.pending));
    this.pending = this.pending.filter((p) => !dropped.has(p));
    return { text: rebased.text, conflicts: rebased.conflicts.map(explain) };
  }

  private async read(): Promise<Buffer> {
    return readRegularFile(this.path).catch((err: unknown) => {
      throw persistError(this.path, err);
    });
  }

  /**
   * Applies the pending changes to the file as it is now and replaces it, only if the file
   * still holds what was edited (see guarded-replace.ts). If another program saved meanwhile,
   * the edit is redone on its version, so its change is kept and ours lands on top; a save
   * that slipped in during the rename is merged the same way, or its text kept aside.
   */
  private async editUntilStable(batch?: ReadonlySet<PendingChange>): Promise<Written> {
    const handEdits: HandEditNotice[] = [];
    let slipped: Uint8Array | undefined;
    /** Where the file the slipped save landed in is kept (it may still be being written). */
    let slippedFile: string | undefined;
    let last: Written | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.read();
      const base = slipped ?? current;
      let edited: Edited;
      try {
        edited = this.edit(base);
        if (batch) requireWholeBatch(batch, edited);
      } catch (err) {
        if (!slipped || !last) throw err;
        // The save that slipped in does not take our changes (not TOML, or saved half-way):
        // the file keeps our complete write and the save's text is kept for the person.
        handEdits.push(await this.keepAside(slipped, err, slippedFile));
        return { ...last, handEdits };
      }
      const outcome = await replaceIfUnchanged(this.path, edited.out, current, this.replaceOptions);
      if (outcome.kind === 'changed') {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new AppError('PERSIST_FAILED', `cannot write ${this.path}: another program keeps changing it`);
      }
      if (slipped) {
        const copy = slippedFile ? `; the save as it landed is also kept in ${slippedFile}` : '';
        handEdits.push({ merged: true, message: `a save of ${this.path} by another program landed while the app was writing; both changes are kept${copy}` });
      }
      last = { ...edited, handEdits };
      if (outcome.kind === 'replaced') return last;
      slipped = outcome.replaced;
      slippedFile = outcome.keptAs;
      if (attempt >= MAX_ATTEMPTS) {
        handEdits.push(await this.keepAside(slipped, new Error('the file kept changing while the app merged it'), slippedFile));
        return { ...last, handEdits };
      }
    }
  }

  private edit(base: Uint8Array): Edited {
    const decoded = decodeTomlBytes(base);
    const baseHash = contentHash(base);
    const origin = this.ledger.isKnown(baseHash) ? 'app' : 'hand-edit';
    const rebased = rebasePending(decoded.text, decoded.eol, this.pending, this.path, origin, this.check, this.documents);
    return { baseHash, out: encodeTomlText(rebased.text, decoded.bom), conflicts: rebased.conflicts, failed: rebased.failed };
  }

  /**
   * Keeps the full text of a save the file could not take, and says where: the save's file
   * where the replace kept it already (`keptAs`), or a durable copy of its text in `.daq/`.
   */
  private async keepAside(text: Uint8Array, why: unknown, keptAs?: string): Promise<HandEditNotice> {
    const reason = why instanceof Error ? why.message : String(why);
    try {
      const savedAs = keptAs ?? (await keepHandEdit(this.path, text, this.now()));
      return { merged: false, savedAs, message: `a save of ${this.path} by another program landed while the app was writing and could not be merged (${reason}); its full text is kept in ${savedAs}` };
    } catch (err) {
      return { merged: false, message: `a save of ${this.path} by another program landed while the app was writing and could not be merged (${reason}); keeping its text failed too: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
}
