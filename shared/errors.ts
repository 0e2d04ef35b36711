/**
 * Errors that cross a process boundary.
 *
 * Handlers never throw across IPC or the WebSocket: they answer `{ok:false, error}` with a code
 * from this closed set, so the GUI decides on codes (retry, conflict dialog) and never parses
 * message text.
 */
import { z } from 'zod';

export const errorCodes = [
  'VALIDATION', // a request or a config document breaks a rule (schema, range, unknown key)
  'CONFIG_INVALID', // the config file cannot be loaded; details carry file:line:column issues
  'NOT_FOUND', // no instrument, module, role or version with that id
  'DUPLICATE', // an id that already exists
  'IN_USE', // an instrument that modules depend on
  'CONFLICT', // the state changed since the caller looked (stale confirmation, edited file)
  'INVALID_STATE', // the operation does not fit the current state (start a running module)
  'PERSIST_FAILED', // the change could not be written to the config file
  'UNAVAILABLE', // a resource (driver, port, file) cannot be reached now
  'TIMEOUT', // a device or operation did not answer in time
  'DEVICE_ERROR', // the instrument refused or failed the operation
  'TX_EXPIRED', // a transaction that was left open longer than transaction_timeout_s
  'UNAUTHORIZED', // a transport request without the right token or origin
  'INTERNAL', // a bug: reported, never swallowed
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});

/** The error value carried in a failed Result. */
export type AppErrorData = z.infer<typeof appErrorSchema>;

/** A location in a config file, 1-based line and column (what editors show). */
export const fileLocationSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
});

/** One problem in a config document, pinned to where it is. */
export const configIssueSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type ConfigIssue = z.infer<typeof configIssueSchema>;

/** `file:line:col: message (path)` — the form `daq validate` prints and editors link. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.path ? ` (${issue.path})` : '';
  const level = issue.severity === 'warning' ? 'warning: ' : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${level}${issue.message}${where}`;
}

/**
 * An error thrown inside main that carries its wire code. Only `main/` throws it; the transport
 * glue turns it into `{ok:false, error}` with {@link toAppErrorData}.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** Any thrown value as wire data; unknown throws become INTERNAL with their message kept. */
export function toAppErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, details?: unknown): Result<T> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
