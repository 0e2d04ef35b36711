/**
 * Pure helpers that turn an instrument view into what its row shows: words for codes (units
 * "W", attenuator "off", an ESP300 axis in "millimetre" with its rates in mm/s), readings with
 * their state words (a MaiTai shutter "open"), and a status that says "unknown" while the core
 * cannot be reached instead of the last one it sent.
 */
import { channelsOf, instrumentTypes, isInstrumentType, paramUnit, type InstrumentType } from '../../../shared/model/instrument-types.js';
import { valueLabel, type ParamSpec, type ParamValue } from '../../../shared/model/parameters.js';
import type { InstrumentView } from '../../../shared/model/runtime.js';
import type { ConnectionState } from '../../bridge/daq-client.js';
import { formatValue } from '../../components/format-value.js';
import { formatDraft, paramFields } from '../../stores/param-drafts.js';

/** One configured parameter as the read-only row shows it. */
export interface ParamSummaryItem {
  readonly path: string;
  readonly label: string;
  readonly text: string;
}

/** The human label of an instrument type, or the raw type when it is unknown. */
export function typeLabel(type: string): string {
  return isInstrumentType(type) ? instrumentTypes[type].label : type;
}

/** A sub-field label as it reads inside a group: "Velocity" → "velocity", "Range (0 = auto)" → "range". */
function shortLabel(label: string): string {
  return label.replace(/\s*\(.*\)$/, '').toLowerCase();
}

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

/** The options of an enumerated parameter, each code with its word ("0" → "W"). */
export function choiceOptions(spec: ParamSpec): readonly ChoiceOption[] | undefined {
  return spec.choices?.map((c) => ({ value: String(c), label: valueLabel(spec, c) ?? String(c) }));
}

/** A configured value as the GUI shows it: the word for a code, else the value with its unit. */
export function paramText(spec: ParamSpec, value: unknown, unit: string | undefined): string {
  const word = valueLabel(spec, value);
  if (word !== undefined) return word;
  return `${formatDraft(value)}${unit ? ` ${unit}` : ''}`;
}

/**
 * The configured parameters (display name excluded: it shows under the id) in words and units.
 * The fields of one table (an ESP300 axis) form one item, "axis1: units millimetre, velocity
 * 5 mm/s, …", so a three-axis stage takes three lines, not nine.
 */
export function summarizeParams(view: InstrumentView): readonly ParamSummaryItem[] {
  if (!isInstrumentType(view.type)) {
    return Object.entries(view.config)
      .filter(([k]) => k !== 'type' && k !== 'name')
      .map(([k, v]) => ({ path: k, label: k, text: formatDraft(v) }));
  }
  const items: ParamSummaryItem[] = [];
  const groups = new Map<string, string[]>();
  for (const field of paramFields(instrumentTypes[view.type].params)) {
    if (field.path === 'name') continue;
    const [head, sub] = field.path.split('.') as [string, string | undefined];
    const top = view.config[head];
    const value = sub === undefined ? top : top && typeof top === 'object' ? (top as Record<string, unknown>)[sub] : undefined;
    if (value === undefined) continue;
    const text = paramText(field.spec, value, paramUnit(view.type, view.config as Record<string, ParamValue>, field.path));
    if (sub === undefined) {
      items.push({ path: field.path, label: field.label, text });
      continue;
    }
    const group = groups.get(head);
    const part = `${shortLabel(field.spec.label)} ${text}`;
    if (group) group.push(part);
    else {
      const parts = [part];
      groups.set(head, parts);
      items.push({ path: head, label: head, text: '' });
    }
  }
  return items.map((item) => (groups.has(item.path) ? { ...item, text: (groups.get(item.path) ?? []).join(', ') } : item));
}

/** Whether the GUI can edit this instrument's parameters (its type is known). */
export function isEditable(view: InstrumentView): boolean {
  return isInstrumentType(view.type);
}

/** The status a row shows: what the core last said, or "unknown" while it cannot be reached. */
export function displayStatus(status: InstrumentView['status'], connection: ConnectionState): InstrumentView['status'] | 'unknown' {
  return connection === 'open' ? status : 'unknown';
}

/**
 * The line under a status: the core's reason for it, or, while the core cannot be reached, why
 * the status is unknown (`long`: the edit panel has room to say it; a row stays quiet).
 */
export function statusNote(view: InstrumentView, connection: ConnectionState, long: boolean): string | undefined {
  if (connection === 'open') return view.statusReason;
  return long ? 'The connection to the core is down: the status is unknown until it is back.' : undefined;
}

/** The words a channel reports its states in (`{"0": "closed"}`), if it has any. */
export function channelLabels(view: InstrumentView, channel: string): Readonly<Record<string, string>> | undefined {
  if (!isInstrumentType(view.type)) return undefined;
  return channelsOf(view.type as InstrumentType, view.config as Record<string, ParamValue>).find((c) => c.name === channel)?.labels;
}

/** A reading as its cell shows it: a state word ("open"), else the number with its unit. */
export function readingText(value: number, unit: string, labels: Readonly<Record<string, string>> | undefined): string {
  const key = String(value);
  if (labels && Object.hasOwn(labels, key)) return labels[key] ?? key;
  return formatValue(value, unit);
}
