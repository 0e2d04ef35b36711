/**
 * Comparing two texts of the config: a unified diff of the lines (what diff2html renders) and a
 * semantic summary — instruments and modules added, removed and changed, old → new per key.
 * The summary needs both texts loaded as configs; `loads` remembers texts already loaded, and a
 * kept version's decoding is stored beside it, which is what keeps a comparison of two large
 * versions quick, after a restart too.
 */
import { createTwoFilesPatch } from 'diff';
import type { SemanticSummary } from '../../../shared/model/versions.js';
import { computeDiff, summarizeDiff } from '../changes/config-diff.js';
import { ConfigLoads } from './config-loads.js';
import type { StoredDecodings } from './stored-decodings.js';

export interface Comparison {
  readonly unified: string;
  readonly summary: SemanticSummary;
}

/** One side of a comparison: a kept version, or the config file as it is now. */
export interface ComparedContent {
  /** The version id, or `current`. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** `bytes` decoded, without a byte order mark. */
  readonly text: string;
  /** A kept version, whose decoding is worth storing. */
  readonly kept: boolean;
}

function emptySummary(text: string): SemanticSummary {
  return { instrumentsAdded: [], instrumentsRemoved: [], instrumentsChanged: [], modulesAdded: [], modulesRemoved: [], modulesChanged: [], settingsChanged: [], processorsChanged: [], text };
}

/**
 * Compares two versions (or one and the file): each side not remembered by `loads` is taken
 * from its stored decoding, and only a side without one is parsed; a kept version parsed here
 * gets its decoding stored, so it is not parsed again, in this run or the next.
 */
export async function compareContents(a: ComparedContent, b: ComparedContent, file: string, loads: ConfigLoads, decodings: StoredDecodings): Promise<Comparison> {
  const sides = [a, b];
  const recalled = await Promise.all(sides.map((side) => decodings.recall(side.bytes, side.text, file, loads)));
  const comparison = compareTexts(a.name, a.text, b.name, b.text, file, loads);
  await Promise.all(sides.map((side, i) => (side.kept && !recalled[i] ? decodings.keep(side.bytes, file, loads) : undefined)));
  return comparison;
}

export function compareTexts(nameA: string, textA: string, nameB: string, textB: string, file: string, loads = new ConfigLoads()): Comparison {
  const unified = createTwoFilesPatch(nameA, nameB, textA, textB, undefined, undefined, { context: 3 });
  const a = loads.load(textA, file);
  const b = loads.load(textB, file);
  if (!a.ok || !b.ok) {
    const which = !a.ok ? nameA : nameB;
    return { unified, summary: emptySummary(`${which} does not load as a configuration today; only the lines are compared`) };
  }
  const diff = computeDiff(a.config, b.config);
  const changes = (list: readonly { param: string; before: unknown; after: unknown }[]) =>
    list.map((c) => ({ key: c.param, ...(c.before === undefined ? {} : { before: c.before }), ...(c.after === undefined ? {} : { after: c.after }) }));
  return {
    unified,
    summary: {
      instrumentsAdded: [...diff.addedInstruments],
      instrumentsRemoved: [...diff.removedInstruments],
      instrumentsChanged: diff.modifiedInstruments.map((m) => ({ id: m.id, changes: changes(m.changes) })),
      modulesAdded: [...diff.addedModules],
      modulesRemoved: [...diff.removedModules],
      modulesChanged: diff.modifiedModules.map((m) => ({
        id: m.id,
        changes: [...changes(m.params), ...m.roles.map((r) => ({ key: `roles.${r.role}`, ...(r.before === null ? {} : { before: r.before }), ...(r.after === null ? {} : { after: r.after }) }))],
      })),
      settingsChanged: changes(diff.settingsChanged),
      processorsChanged: [...diff.processorsChanged],
      text: summarizeDiff(diff),
    },
  };
}
