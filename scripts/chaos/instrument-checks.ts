/**
 * Invariant 7 on the core that recovered after a kill: the file, the model and the running
 * instruments agree. The model (GetSettings) holds exactly the file's facts; every instrument of
 * the file has a runtime of its type with the model's configuration and no other runtime exists;
 * every instrument runs, except one whose serial device is faulty right now, which must be in
 * error with a reason (the app keeps trying) and come back by itself once the device does.
 */
import type { Core } from '../../main/core/index.js';
import type { DaqConfig } from '../../shared/model/config.js';
import type { InstrumentView } from '../../shared/model/runtime.js';
import { factKey, factsOf, type Facts } from './config-facts.js';
import type { Finding } from './file-observations.js';
import type { SerialFaultKind } from './serial-sims.js';
import type { StoreCheckResult } from './store-checks.js';

/** As the store checks answer (no temp files to report). */
export type InstrumentCheckResult = StoreCheckResult;

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

async function ask(core: Core, command: string): Promise<Record<string, unknown>> {
  const answer = (await core.call(command, {})) as Answer;
  if (!answer.ok) throw new Error(`${command} failed on the checking core: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

async function instrumentViews(core: Core): Promise<Map<string, InstrumentView>> {
  const views = (await ask(core, 'GetAppState'))['instruments'] as InstrumentView[];
  return new Map(views.map((v) => [v.id, v]));
}

const finding = (message: string, kind?: string): Finding => ({ invariant: '7-instruments', message, ...(kind ? { kind } : {}) });

/** Checks agreement on the core that just started; `faulty` names devices faulty during its start. */
export async function checkInstruments(core: Core, facts: Facts, faulty: ReadonlyMap<string, SerialFaultKind>): Promise<InstrumentCheckResult> {
  const findings: Finding[] = [];
  let checks = 0;
  const settings = (await ask(core, 'GetSettings'))['settings'] as DaqConfig | null;
  if (!settings) return { findings: [finding('the checking core has no configuration')], checks: 1, strayTemps: [] };
  const model = factsOf(settings);
  for (const path of new Set([...Object.keys(facts), ...Object.keys(model)])) {
    checks += 1;
    if (factKey(model[path]) !== factKey(facts[path])) findings.push(finding(`the model holds ${path} = ${JSON.stringify(model[path] ?? null)}, the file ${JSON.stringify(facts[path] ?? null)}`, 'the model differs from the file'));
  }
  const views = await instrumentViews(core);
  for (const id of new Set([...Object.keys(settings.instruments), ...views.keys()])) {
    checks += 1;
    const config = settings.instruments[id];
    const view = views.get(id);
    if (!config || !view) {
      findings.push(finding(`instrument ${id} is ${config ? 'configured but has no runtime' : 'running but not configured'}`, `an instrument ${config ? 'without a runtime' : 'running unconfigured'}`));
      continue;
    }
    if (view.type !== config.type || JSON.stringify(view.config) !== JSON.stringify(config)) {
      findings.push(finding(`instrument ${id} runs as ${view.type} ${JSON.stringify(view.config)}, the model says ${JSON.stringify(config)}`, 'a runtime with another configuration'));
    }
    const fault = faulty.get(id);
    if (fault) {
      if (view.status !== 'error' || !view.statusReason) findings.push(finding(`instrument ${id} is ${view.status}${view.statusReason ? ` (${view.statusReason})` : ' with no reason'} while its device ${fault === 'vanish' ? 'is gone' : 'does not answer'}; expected error with a reason`, `a faulty device not shown in error (${fault})`));
    } else if (view.status !== 'running') {
      findings.push(finding(`instrument ${id} is ${view.status}${view.statusReason ? ` (${view.statusReason})` : ''} though its device is healthy`, `a healthy instrument not running (${view.type})`));
    }
  }
  return { findings, checks, strayTemps: [] };
}

/**
 * After the faulty devices are healthy again: each of their instruments must come back to
 * running by itself (the app retries with backoff, 1 s then doubling) within `withinMs`.
 * Waits on the core's event batches, not on a clock.
 */
export async function checkRecovered(core: Core, faulty: ReadonlyMap<string, SerialFaultKind>, withinMs = 15_000): Promise<InstrumentCheckResult> {
  if (faulty.size === 0) return { findings: [], checks: 0, strayTemps: [] };
  const waiting = new Set(faulty.keys());
  let views = await instrumentViews(core);
  const settle = (): void => {
    for (const id of waiting) if (views.get(id)?.status === 'running') waiting.delete(id);
  };
  settle();
  if (waiting.size > 0) {
    await new Promise<void>((done) => {
      const timer = setTimeout(finish, withinMs);
      const unsubscribe = core.onEvents(() => {
        void instrumentViews(core).then((latest) => {
          views = latest;
          settle();
          if (waiting.size === 0) finish();
        });
      });
      function finish(): void {
        clearTimeout(timer);
        unsubscribe();
        done();
      }
    });
  }
  const findings = [...waiting].map((id) => {
    const view = views.get(id);
    return finding(`instrument ${id} did not come back within ${withinMs / 1000} s after its device did (${faulty.get(id)}); it is ${view?.status ?? 'missing'}${view?.statusReason ? ` (${view.statusReason})` : ''}`, `an instrument that does not recover (${faulty.get(id)})`);
  });
  return { findings, checks: faulty.size, strayTemps: [] };
}
