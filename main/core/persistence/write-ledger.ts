/**
 * The content hash of the config text the running configuration reflects: what the app loaded,
 * applied or wrote itself. Hot reload compares a settled read against it, so our own writes and
 * no-op saves do nothing. Hashes, not timestamps: coarse mtimes and save-by-rename editors
 * defeat any time window.
 */
import { createHash } from 'node:crypto';

export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export class WriteLedger {
  private current: string | undefined;

  /** The running configuration now reflects exactly this content. */
  record(hash: string): void {
    this.current = hash;
  }

  get currentHash(): string | undefined {
    return this.current;
  }

  /** Whether a file content is the one the running configuration already reflects. */
  isKnown(hash: string): boolean {
    return hash === this.current;
  }
}
