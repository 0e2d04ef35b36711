/**
 * Pure helpers that turn config versions and their comparisons into what the Versions view,
 * the restore dialog and its notice show: times people read, sources in words, the semantic
 * summary as sections of old → new values.
 */
import type { SemanticSummary, VersionInfo } from '../../../shared/model/versions.js';
import type { RestoreNotice, RestorePurpose } from '../../stores/restore-store.js';
import { CURRENT } from '../../stores/versions-store.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dayNumber(d: Date): number {
  return Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() / 86_400_000);
}

/** A version's time in local time: "Today 14:03:12", "Yesterday 09:10:00", "3 Dec 14:03:12", "3 Dec 2025 14:03:12". */
export function versionTime(iso: string, nowMs: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || 'unknown time';
  const now = new Date(nowMs);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const days = dayNumber(now) - dayNumber(d);
  if (days === 0) return `Today ${clock}`;
  if (days === 1) return `Yesterday ${clock}`;
  const date = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? `${date} ${clock}` : `${date} ${d.getFullYear()} ${clock}`;
}

/** How a version is named in sentences: its label when it has one, else its time. */
export function versionName(version: VersionInfo, nowMs: number): string {
  const time = versionTime(version.time, nowMs);
  return version.label ? `"${version.label}" (${time})` : `the version of ${time}`;
}

/** One version in the timeline, ready to show. */
export interface TimelineRow {
  readonly versionId: string;
  readonly time: string;
  readonly isoTime: string;
  readonly label: string | null;
  readonly source: SourceWord;
  /** The core's own words for the source, for a tooltip. */
  readonly sourceDetail: string;
  readonly summary: string;
  readonly selected: boolean;
}

/** The timeline, newest first, as the core lists it. */
export function timelineRows(versions: readonly VersionInfo[], selected: readonly string[], nowMs: number): TimelineRow[] {
  return versions.map((v) => ({
    versionId: v.versionId,
    time: versionTime(v.time, nowMs),
    isoTime: v.time,
    label: v.label ?? null,
    source: sourceInWords(v.source),
    sourceDetail: v.source,
    summary: v.summary || 'no description',
    selected: selected.includes(v.versionId),
  }));
}

/** Where the change after a version came from, in a word a technician knows. */
export type SourceWord = 'GUI' | 'CLI' | 'hand edit' | 'transaction' | 'rollback' | 'unknown';

/**
 * The core writes `<origin>:<command>` (`gui:UpdateInstrumentParameter`, `cli:transaction <id>`,
 * `gui:RollbackToVersion <id>`), `hot-reload` for a hand edit picked up, and `rollback of
 * transaction <id>` when a commit was not confirmed.
 */
export function sourceInWords(source: string): SourceWord {
  if (source === 'hot-reload') return 'hand edit';
  if (source.startsWith('rollback')) return 'rollback';
  const colon = source.indexOf(':');
  if (colon < 0) return 'unknown';
  const origin = source.slice(0, colon);
  const what = source.slice(colon + 1);
  if (what.startsWith('transaction')) return 'transaction';
  if (what.startsWith('RollbackToVersion')) return 'rollback';
  if (origin === 'gui') return 'GUI';
  if (origin === 'cli') return 'CLI';
  return 'unknown';
}

/** A value as the file would hold it: numbers and booleans plain, strings quoted, absent as "—". */
export function valueText(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

export interface KeyChange {
  readonly key: string;
  readonly before: string;
  readonly after: string;
}

/** One instrument or module in a section, with its changed keys (none for added or removed). */
export interface SummaryItem {
  readonly id: string;
  readonly changes: readonly KeyChange[];
}

export interface SummarySection {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly title: string;
  readonly items: readonly SummaryItem[];
}

/** Titles for a comparison of two versions, or for what a restore would do to the running bench. */
export type SummaryWording = 'compare' | 'restore';

const TITLES: Record<SummaryWording, Record<'instrumentsAdded' | 'instrumentsRemoved' | 'instrumentsChanged' | 'modulesAdded' | 'modulesRemoved' | 'modulesChanged' | 'settingsChanged' | 'processorsChanged', string>> = {
  compare: {
    instrumentsAdded: 'Instruments added',
    instrumentsRemoved: 'Instruments removed',
    instrumentsChanged: 'Instruments changed',
    modulesAdded: 'Modules added',
    modulesRemoved: 'Modules removed',
    modulesChanged: 'Modules changed',
    settingsChanged: 'Settings changed',
    processorsChanged: 'Processor chains changed',
  },
  restore: {
    instrumentsAdded: 'Instruments to be added and started',
    instrumentsRemoved: 'Instruments to be stopped and removed',
    instrumentsChanged: 'Instruments to be retuned',
    modulesAdded: 'Modules to be added',
    modulesRemoved: 'Modules to be removed',
    modulesChanged: 'Modules to be changed',
    settingsChanged: 'Settings to be changed',
    processorsChanged: 'Processor chains to be rebuilt',
  },
};

function keyChanges(changes: readonly { key: string; before?: unknown; after?: unknown }[]): KeyChange[] {
  return changes.map((c) => ({ key: c.key, before: valueText(c.before), after: valueText(c.after) }));
}

/** The semantic summary as sections, empty ones left out. */
export function summarySections(summary: SemanticSummary, wording: SummaryWording): SummarySection[] {
  const t = TITLES[wording];
  const plain = (ids: readonly string[]): SummaryItem[] => ids.map((id) => ({ id, changes: [] }));
  const changed = (list: SemanticSummary['instrumentsChanged']): SummaryItem[] => list.map((c) => ({ id: c.id, changes: keyChanges(c.changes) }));
  const sections: SummarySection[] = [
    { kind: 'added', title: t.instrumentsAdded, items: plain(summary.instrumentsAdded) },
    { kind: 'removed', title: t.instrumentsRemoved, items: plain(summary.instrumentsRemoved) },
    { kind: 'changed', title: t.instrumentsChanged, items: changed(summary.instrumentsChanged) },
    { kind: 'added', title: t.modulesAdded, items: plain(summary.modulesAdded) },
    { kind: 'removed', title: t.modulesRemoved, items: plain(summary.modulesRemoved) },
    { kind: 'changed', title: t.modulesChanged, items: changed(summary.modulesChanged) },
    { kind: 'changed', title: t.settingsChanged, items: summary.settingsChanged.length > 0 ? [{ id: 'application', changes: keyChanges(summary.settingsChanged) }] : [] },
    { kind: 'changed', title: t.processorsChanged, items: plain(summary.processorsChanged) },
  ];
  return sections.filter((s) => s.items.length > 0);
}

/**
 * A line under the sections: why there are none (only comments differ, or a side does not load
 * today, in the core's words), or null when the sections say it all.
 */
export function summaryNote(summary: SemanticSummary, sections: readonly SummarySection[], lineChanges: boolean): string | null {
  if (!lineChanges) return 'The two are the same, byte for byte.';
  if (sections.length > 0) return null;
  return summary.text && summary.text !== 'no changes' ? summary.text : 'Only comments or layout differ: no instrument, module or setting changes.';
}

/** What the notice says after a restore, after "Undo last change", or after its Undo. */
export function noticeText(notice: RestoreNotice, nowMs: number): string {
  if (notice.undoneSummary !== null) return `Undone: the configuration is back as it was before (${notice.undoneSummary}).`;
  const what = notice.summary ? `: ${notice.summary}` : '';
  return notice.purpose === 'undo-last' ? `Undid the last change${what}.` : `Restored ${versionName(notice.version, nowMs)}${what}.`;
}

/** The restore dialog's title and its one-sentence introduction (null while the version is looked for). */
export function restoreDialogText(purpose: RestorePurpose, version: VersionInfo | null, nowMs: number): { title: string; intro: string | null } {
  if (purpose === 'undo-last') {
    if (!version) return { title: 'Undo last change', intro: null };
    const by = sourceInWords(version.source);
    return {
      title: 'Undo last change',
      intro: `Goes back to the configuration before the latest change (${version.summary || 'no description'}; ${by}, ${versionTime(version.time, nowMs)}). The running instruments and modules follow it.`,
    };
  }
  const time = version ? versionTime(version.time, nowMs) : '';
  const label = version?.label ? ` "${version.label}"` : '';
  return {
    title: `Restore the version${label} of ${time}`,
    intro: `Goes back to the configuration file as it was at ${time}. The running instruments and modules follow it.`,
  };
}

/**
 * What a restore means for the change set being staged: it stays open and is checked against
 * the restored configuration when committed. Null when no change set is open.
 */
export function openChangeSetNote(stagedCount: number | null): string | null {
  if (stagedCount === null) return null;
  const staged = stagedCount === 1 ? '1 staged change' : `${stagedCount} staged changes`;
  return `Your open change set (${staged}) stays open. When you commit it, it is checked against the restored configuration: a staged change to a setting this restore changes is then refused as a conflict.`;
}

/** One side of a comparison as the view names it: "the current file", or the version's label and time. */
export function comparedSideName(versionId: string, versions: readonly VersionInfo[] | null, nowMs: number): string {
  if (versionId === CURRENT) return 'the current file';
  const version = versions?.find((v) => v.versionId === versionId);
  if (!version) return versionId;
  const time = versionTime(version.time, nowMs);
  return version.label ? `${version.label} (${time})` : time;
}
