/**
 * Writing runtime changes back into the config file. Each change becomes a format-preserving
 * edit of the current file text (comments and layout untouched outside the edited span),
 * verified, then written atomically and durably. A change that cannot be written stays applied
 * in memory and pending here, reported with its reason; the next write or SyncConfigToFile
 * retries every pending change in order. Nothing pending is dropped.
 */
import { readFile } from 'node:fs/promises';
import { AppError, toAppErrorData, type AppErrorData } from '../../../shared/errors.js';
import { cleanLeftoverTemps, persistError, WriteLock, writeFileAtomic } from './atomic-file.js';
import { TomlDecodeError, TomlEditError, TomlSyntaxError } from './errors.js';
import { TomlDocumentCache } from './document-cache.js';
import { describeChange, rebasePending, type ConfigChange, type Conflict, type PendingChange } from './pending-rebase.js';
import { decodeTomlBytes, detectLineEnding, encodeTomlText } from './toml-text.js';
import { contentHash, WriteLedger } from './write-ledger.js';

export type { ConfigChange } from './pending-rebase.js';

export interface PersistResult {
  readonly persisted: boolean;
  readonly persistError?: AppErrorData;
  /** Pending changes set aside because a hand edit changed what they were about, in words. */
  readonly conflicts?: readonly string[];
}

export interface PersistenceStatus {
  readonly pending: number;
  readonly lastError?: AppErrorData;
}

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

  constructor(
    readonly path: string,
    private readonly now: () => number,
    /** Told the text of every successful write (hot reload remembers it as last seen). */
    private readonly onWritten: (text: string) => Promise<unknown> = async () => undefined,
  ) {}

  status(): PersistenceStatus {
    return { pending: this.pending.length, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  /** Start-up: removes temp files an interrupted write left behind; answers their names. */
  cleanUp(): Promise<string[]> {
    return cleanLeftoverTemps(this.path);
  }

  /** Queues changes and writes everything pending. */
  write(changes: readonly ConfigChange[]): Promise<PersistResult> {
    const at = new Date(this.now());
    this.pending.push(...changes.map((change) => ({ change, at })));
    return this.flush();
  }

  /** Writes every pending change (SyncConfigToFile); a no-op when nothing is pending. */
  flush(): Promise<PersistResult> {
    return this.lock.run(async () => {
      if (this.pending.length === 0) return { persisted: true };
      try {
        const { base, out, conflicts } = await this.editUntilStable();
        // Only when we edited the very text the app reflects does the result reflect the app
        // too; an edit on top of someone else's save leaves their change for hot reload to apply.
        if (this.ledger.isKnown(contentHash(base))) {
          this.ledger.record(contentHash(out));
          await this.onWritten(Buffer.from(out).toString('utf8'));
        }
        this.pending = [];
        this.lastError = undefined;
        return { persisted: true, ...(conflicts.length ? { conflicts: conflicts.map(explain) } : {}) };
      } catch (err) {
        this.lastError = describe(this.path, err);
        return { persisted: false, persistError: this.lastError };
      }
    });
  }

  /**
   * The pending changes put on top of `text` (a hand edit hot reload is about to apply), so the
   * app keeps both; the ones that no longer fit are set aside and described. Writes nothing.
   */
  rebaseOnto(text: string): { text: string; conflicts: string[] } {
    if (this.pending.length === 0) return { text, conflicts: [] };
    const rebased = rebasePending(text, detectLineEnding(text), this.pending, this.path);
    this.pending = rebased.kept;
    return { text: rebased.text, conflicts: rebased.conflicts.map(explain) };
  }

  private async read(): Promise<Buffer> {
    return readFile(this.path).catch((err: unknown) => {
      throw persistError(this.path, err);
    });
  }

  /**
   * Applies the pending changes to the file as it is now and replaces it. If another program
   * saved the file while we edited, the edit is redone on its version, so its change is kept
   * and ours lands on top (a compare-and-swap on the content, narrowed to the rename).
   */
  private async editUntilStable(): Promise<{ base: Uint8Array; out: Uint8Array; conflicts: Conflict[] }> {
    for (let attempt = 1; ; attempt += 1) {
      const bytes = await this.read();
      const decoded = decodeTomlBytes(bytes);
      const rebased = rebasePending(decoded.text, decoded.eol, this.pending, this.path, this.documents);
      const out = encodeTomlText(rebased.text, decoded.bom);
      if (!sameBytes(await this.read(), bytes)) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new AppError('PERSIST_FAILED', `cannot write ${this.path}: another program keeps changing it`);
      }
      await writeFileAtomic(this.path, out);
      return { base: bytes, out, conflicts: rebased.conflicts };
    }
  }
}

/** Attempts at an edit when another program keeps changing the file under us. */
const MAX_ATTEMPTS = 5;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function explain(conflict: Conflict): string {
  return `${describeChange(conflict.pending.change)} was not written: ${conflict.reason}`;
}

/** PERSIST_FAILED with a reason a technician can act on. */
function describe(path: string, err: unknown): AppErrorData {
  if (err instanceof AppError) return toAppErrorData(err);
  if (err instanceof TomlSyntaxError || err instanceof TomlDecodeError) {
    return { code: 'PERSIST_FAILED', message: `cannot write ${path}: the file is not valid TOML now (${err.message}); fix it, then sync` };
  }
  if (err instanceof TomlEditError) {
    return { code: 'PERSIST_FAILED', message: `cannot write ${path}: ${err.message}` };
  }
  return toAppErrorData(persistError(path, err));
}
