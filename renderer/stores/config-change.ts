/**
 * Whether a batch of events changed the configuration (and so, most likely, the file and its
 * versions). The core has no event for "a version was kept": this is the signal the versions
 * list is refreshed on. Status changes and live figures (a module's stats, an instrument going
 * to error) arrive as the same change events, so those are compared with what the stores hold.
 */
import type { DaqEvent } from '../../shared/ipc/contract.js';
import type { InstrumentView, ModuleView } from '../../shared/model/runtime.js';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Call before the batch is applied: `instruments` and `modules` are what the stores hold now. */
export function changesConfiguration(
  events: readonly DaqEvent[],
  instruments: Readonly<Record<string, InstrumentView>>,
  modules: Readonly<Record<string, ModuleView>>,
): boolean {
  return events.some((event) => {
    switch (event.type) {
      case 'instruments:instrument-changed': {
        const before = instruments[event.instrument.id];
        return before === undefined || !same(before.config, event.instrument.config);
      }
      case 'modules:module-changed': {
        const before = modules[event.module.id];
        return before === undefined || before.type !== event.module.type || !same(before.roles, event.module.roles) || !same(before.params, event.module.params);
      }
      case 'instruments:instrument-removed':
      case 'modules:module-removed':
      case 'app:config-status-changed':
      case 'persistence:status-changed':
      case 'hot-reload:status-changed':
        return true;
      case 'transactions:transaction-changed':
        // A commit's own changes arrive as events too, but one (or its rollback) may only touch settings.
        return event.transaction.state === 'confirming' || event.transaction.state === 'committed' || event.transaction.state === 'rolled-back';
      case 'instruments:readings':
      case 'app:log':
      case 'modules:run-changed':
      case 'modules:run-points':
        return false;
      default: {
        // A new event type must be classed here: this stops compiling until it is.
        const unclassified: never = event;
        void unclassified;
        return true;
      }
    }
  });
}
