/**
 * How a module and the machinery of its runs meet, without either importing the other: the
 * module asks whether a run could start and begins one when it starts running; a run that ends
 * by itself tells its module back (in the mailbox).
 */
import type { ErrorCode } from '../../../shared/errors.js';
import type { ModuleConfig } from '../../../shared/model/config.js';
import type { ModuleRun } from './module-run.js';

/** The module a run belongs to. */
export interface RunOwner {
  readonly id: string;
  readonly config: ModuleConfig;
  /** Its run ended by itself (completed, or failed); called in the mailbox. */
  runEnded(run: ModuleRun): void;
}

/** Why Start would be refused, with the error code it is refused with. */
export interface StartProblem {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export interface RunControl {
  /**
   * Why a run could not start now, beyond the module's own roles: an instrument not running,
   * a storage format this build cannot write, a setup the plan refuses (an axis the stage lacks).
   */
  startProblem(owner: RunOwner): StartProblem | undefined;
  /** Begins a run of a module that just started running. */
  begin(owner: RunOwner): ModuleRun;
}
