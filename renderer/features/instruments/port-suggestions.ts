/**
 * Pure helpers for the "Serial port" field: the listed ports and this type's simulators as
 * suggestions, each with what is known about it (maker, serial number, device node) and the
 * instrument that already owns it. The field still takes any typed path.
 */
import { parseSimulatedPort } from '../../../shared/model/instrument-types.js';
import type { InstrumentView } from '../../../shared/model/runtime.js';
import type { SerialPortList } from '../../../shared/model/serial.js';

/** One suggestion of the port field's list. */
export interface PortSuggestion {
  readonly value: string;
  /** What the list shows next to the path, e.g. "FTDI · SN A6008 · in use by pm_sample". */
  readonly label: string;
  readonly inUseBy: string | undefined;
}

/** The instrument configured on each port, keyed by the trimmed port value. */
function portOwners(instruments: readonly InstrumentView[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const view of instruments) {
    const port = view.config['port'];
    if (typeof port === 'string' && port.trim() !== '') owners.set(port.trim(), view.id);
  }
  return owners;
}

/**
 * Suggestions for an instrument of `type`: every listed port, then the simulators of that type
 * (a simulator of another type is refused by the loader, so it is not offered).
 */
export function portSuggestions(list: SerialPortList | null, type: string, instruments: readonly InstrumentView[]): readonly PortSuggestion[] {
  if (!list) return [];
  const owners = portOwners(instruments);
  const ports = list.ports.map((p): PortSuggestion => {
    const inUseBy = p.inUseBy ?? owners.get(p.path);
    const parts = [
      p.manufacturer,
      p.serialNumber ? `SN ${p.serialNumber}` : undefined,
      p.target ? `→ ${p.target}` : undefined,
      inUseBy ? `in use by ${inUseBy}` : undefined,
    ].filter((x): x is string => x !== undefined);
    return { value: p.path, label: parts.join(' · '), inUseBy };
  });
  const simulators = list.simulated
    .filter((path) => parseSimulatedPort(path)?.type === type)
    .map((path): PortSuggestion => {
      const inUseBy = owners.get(path);
      return { value: path, label: inUseBy ? `built-in simulator · in use by ${inUseBy}` : 'built-in simulator', inUseBy };
    });
  return [...ports, ...simulators];
}

/** The instrument that already owns the typed port (as listed by the core, or configured on it). */
export function portTakenBy(suggestions: readonly PortSuggestion[], instruments: readonly InstrumentView[], value: string): string | undefined {
  const typed = value.trim();
  if (typed === '') return undefined;
  return suggestions.find((s) => s.value === typed)?.inUseBy ?? portOwners(instruments).get(typed);
}

/** "2 ports found · 1 simulator", for the line under the field. */
export function portListSummary(suggestions: readonly PortSuggestion[]): string {
  const sims = suggestions.filter((s) => s.value.startsWith('sim://')).length;
  const ports = suggestions.length - sims;
  const portText = ports === 0 ? 'no serial ports found' : ports === 1 ? '1 port found' : `${ports} ports found`;
  const simText = sims === 0 ? '' : sims === 1 ? ' · 1 simulator' : ` · ${sims} simulators`;
  return portText + simText;
}
