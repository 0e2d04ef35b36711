/** The instruments in a module's roles, as its plan needs them. */
import { AppError } from '../../../../shared/errors.js';
import type { InstrumentInfo, ModuleHost } from '../module-host.js';
import { roleInstrument, type PlanSetup } from '../run-plan.js';

/** The instrument in `role`; VALIDATION when the role is empty or names no instrument. */
export function requireRoleInstrument(setup: PlanSetup, role: string): InstrumentInfo {
  const id = roleInstrument(setup, role);
  if (!id) throw new AppError('VALIDATION', `role "${role}" unfilled`, { role });
  const info = setup.host.instrument(id);
  if (!info) throw new AppError('VALIDATION', `role "${role}": no instrument "${id}"`, { role, id });
  return info;
}

/**
 * The unit of one of an instrument's channels: what its latest reading carried (a meter set to
 * dBm says so there), else what its type declares.
 */
export function unitOf(host: ModuleHost, instrument: InstrumentInfo, channel: string): string {
  return host.latest(`${instrument.id}:${channel}`)?.unit ?? instrument.channels.find((c) => c.name === channel)?.unit ?? '';
}
