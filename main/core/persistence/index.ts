/**
 * The app's persistence of its config file: the writer that puts runtime changes into the file
 * through the TOML editor (../toml-edit), keeps what it could not write pending, merges hand
 * edits, and replaces the file atomically and durably; and the file primitives the rest of the
 * core shares (atomic writes, reading a regular file only, the ledger of the app's own writes).
 */
export { writeFileAtomic } from './atomic-file.js';
export { ConfigWriter, type ConfigChange } from './config-writer.js';
export type { TextCheck, TextDelta } from './pending-rebase.js';
export { readConfigBytes, readRegularFile } from './read-regular.js';
export { WriteLedger, contentHash } from './write-ledger.js';
