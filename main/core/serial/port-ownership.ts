/**
 * One owner per port inside the app. Two instruments on one port is refused by validation
 * already; this is the runtime guard for what validation cannot see — a `/dev/serial/by-id/…`
 * name and the `/dev/ttyUSBn` it points at are one device — and it names the owner, where the
 * OS lock would only say "busy".
 */
import { realpathSync } from 'node:fs';
import { AppError } from '../../../shared/errors.js';

/** The name two spellings of one port share: the resolved device node where there is one. */
export function canonicalPortPath(path: string): string {
  const com = /^(?:\\\\\.\\)?(com\d+)$/i.exec(path.trim());
  if (com?.[1]) return com[1].toUpperCase();
  if (path.startsWith('sim://')) return path;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Which instrument holds which port, within one core. */
export class PortOwnership {
  private readonly owners = new Map<string, { owner: string; path: string }>();

  /** Claims `path` for `owner`; returns the release function. Throws naming the current owner. */
  claim(path: string, owner: string): () => void {
    const key = canonicalPortPath(path);
    const held = this.owners.get(key);
    if (held && held.owner !== owner) {
      const alias = held.path === path ? '' : ` (as ${held.path})`;
      throw new AppError('UNAVAILABLE', `serial port ${path} is already used by instrument "${held.owner}"${alias}; a port has one owner`, {
        port: path,
        owner: held.owner,
      });
    }
    const entry = { owner, path };
    this.owners.set(key, entry);
    return () => {
      if (this.owners.get(key) === entry) this.owners.delete(key);
    };
  }

  /** The instrument holding `path`, if any. */
  ownerOf(path: string): string | undefined {
    return this.owners.get(canonicalPortPath(path))?.owner;
  }
}
