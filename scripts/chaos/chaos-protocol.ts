/**
 * The lines a chaos child writes on stdout, one JSON object each. An intent goes out before a
 * command is sent and says what the command promises; its outcome follows once the answer is
 * in. Each line is written synchronously before the next command, so every line the child got
 * out before the kill reaches the parent, and an intent without an outcome is a command the
 * kill interrupted.
 */
import { writeSync } from 'node:fs';
import type { Facts } from './config-facts.js';

/**
 * The client a command went through: the core in-process, a WebSocket to the browser-mode
 * server, the Electron IPC glue's handler, or a `daq call` process sent to that server.
 */
export const CLIENT_KINDS = ['core', 'ws', 'ipc', 'cli'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface ReadyLine {
  readonly type: 'ready';
  readonly pid: number;
}

export interface IntentLine {
  readonly type: 'intent';
  readonly step: number;
  /** The command (or, for a change set, `CommitTransaction`) and its request, for the record. */
  readonly command: string;
  readonly request: unknown;
  /** The facts the file holds once this is acknowledged. */
  readonly promise: Facts;
  /** The command replaces the whole file (a rollback): facts not in the promise are absent. */
  readonly wholeFile: boolean;
  readonly transactionId?: string;
  /** Which client sent it; an answer means the same whichever it was. */
  readonly client: ClientKind;
  /** Monotonic microseconds just before the command could reach the core (a `daq call`'s: as the server got it). */
  readonly at: number;
}

export interface OutcomeLine {
  readonly type: 'outcome';
  readonly step: number;
  readonly ok: boolean;
  /** The promise is kept: `persisted: true` (or, for a whole-file restore, a success). */
  readonly acknowledged: boolean;
  readonly code?: string;
  readonly message?: string;
  /** A snapshot taken on request: its id and the hash of its bytes. */
  readonly versionId?: string;
  readonly versionHash?: string;
  readonly label?: string;
  /** A commit waiting for confirmation was confirmed (it must stay committed). */
  readonly confirmed?: string;
  /** Monotonic microseconds just after the answer came. */
  readonly at: number;
}

export interface LogLine {
  readonly type: 'log';
  readonly level: string;
  readonly message: string;
}

export type ChildLine = ReadyLine | IntentLine | OutcomeLine | LogLine;

/** Writes one line to stdout before returning, retrying while a full pipe says "try again". */
export function emit(line: ChildLine): void {
  const bytes = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

/** Splits what arrived on a child's stdout into lines; a torn last line (cut by the kill) is dropped. */
export function parseLines(output: string): ChildLine[] {
  const lines: ChildLine[] = [];
  for (const text of output.split('\n')) {
    if (!text.trim()) continue;
    try {
      lines.push(JSON.parse(text) as ChildLine);
    } catch {
      // Only the last line can be torn, and only by the kill itself.
    }
  }
  return lines;
}
