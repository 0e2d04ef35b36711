/**
 * InstrumentAction: a move, home, stop, shutter or zero on a running instrument. It is checked
 * and started in the mailbox like every command (the instrument's table and arguments, its
 * state, who owns its motion), then the device's answer is awaited outside it, so an ELL14
 * move that answers only on arrival holds up no other command. Module runs move their rotator
 * and stage through the same path, as their module.
 */
import { AppError } from '../../../shared/errors.js';
import type { CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { checkAction, type ActionArgs, type ActionOutcome } from '../../../shared/model/instrument-actions.js';
import { isModuleType, moduleTypes } from '../../../shared/model/module-types.js';
import { AfterMailbox } from './after-mailbox.js';
import type { CoreContext } from './core-context.js';

/** How long a move or homing may take before its answer is given up on (an ELL14 homes in ~10 s). */
export const MOTION_ACTION_TIMEOUT_MS = 15_000;

/** The active module that positions `instrumentId` in one of its roles (rotator, stage), if any. */
function motionOwner(ctx: CoreContext, instrumentId: string): { moduleId: string; role: string } | undefined {
  for (const mod of ctx.modules.values()) {
    if (!mod.active || !isModuleType(mod.config.type)) continue;
    const roles = moduleTypes[mod.config.type].roles as Readonly<Record<string, { capability: string }>>;
    for (const [role, id] of Object.entries(mod.config.roles)) {
      if (id === instrumentId && roles[role]?.capability === 'position_control') return { moduleId: mod.id, role };
    }
  }
  return undefined;
}

/**
 * Checks an action and sends it to the device; answers the device's outcome, to be awaited
 * outside the mailbox. `owner` is the module asking (its own moves are its to make; once it
 * stopped it may make none).
 */
export function startInstrumentAction(ctx: CoreContext, req: { id: string; action: string; args?: ActionArgs }, owner?: string): Promise<ActionOutcome> {
  ctx.requireConfig();
  const runtime = ctx.requireInstrument(req.id);
  const checked = checkAction(runtime.config.type, runtime.config, req.action, req.args ?? {});
  if (!checked.ok) throw new AppError('VALIDATION', `instrument "${req.id}": ${checked.message}`, { issues: checked.issues });
  if (runtime.status !== 'running') throw new AppError('INVALID_STATE', `instrument "${req.id}" is not running (${runtime.status})`, { id: req.id });
  if (owner !== undefined && !ctx.modules.get(owner)?.active) throw new AppError('INVALID_STATE', `module "${owner}" is no longer running`, { moduleId: owner });
  const holder = checked.spec.moves ? motionOwner(ctx, req.id) : undefined;
  if (holder && holder.moduleId !== owner) {
    throw new AppError(
      'IN_USE',
      `instrument "${req.id}" is moved by module "${holder.moduleId}" (its ${holder.role}), which is running; stop the module before moving it by hand`,
      { id: req.id, moduleId: holder.moduleId, role: holder.role },
    );
  }
  const pending = runtime.runAction(req.action, checked.args, checked.spec.moves ? MOTION_ACTION_TIMEOUT_MS : ctx.timeouts.applyMs);
  // Awaited outside the mailbox, maybe a moment later: never an unhandled rejection meanwhile.
  pending.catch(() => undefined);
  return pending;
}

/** The InstrumentAction command: the device's answer comes after the mailbox has moved on. */
export function instrumentAction(ctx: CoreContext, req: CommandRequest<'InstrumentAction'>): AfterMailbox<CommandResponse<'InstrumentAction'>> {
  const pending = startInstrumentAction(ctx, req);
  const args = req.args && Object.keys(req.args).length ? ` ${JSON.stringify(req.args)}` : '';
  ctx.addLog('info', `${req.id}: ${req.action}${args}`, req.id);
  return new AfterMailbox(
    pending.then(
      (outcome) => ({ id: req.id, action: req.action, ...outcome }),
      (err: unknown) => {
        ctx.schedule(() => ctx.addLog('warn', `${req.id}: ${req.action} failed: ${err instanceof Error ? err.message : String(err)}`, req.id));
        throw err;
      },
    ),
  );
}
