/**
 * Validating a config that differs from an already validated one only by values set inside
 * its instruments or modules, without loading the whole document again.
 *
 * The app writes its file one parameter at a time, and the editor proves each write: the new
 * text decodes to the old document with exactly those values set (see the TOML editor's
 * README). So when the old text loaded, the new one loads too if the entries the values went
 * into still pass their schemas and the whole document's cross-references still hold; every
 * other part is unchanged and passed before. At 5,000 lines that is a fraction of a
 * millisecond instead of about 3 ms for a full load.
 *
 * This only ever answers "loads, and as this"; anything it cannot decide quickly and exactly
 * (a value of another shape, a key that did not exist, a table set as a whole, any issue, even
 * a warning) answers undefined, and the caller loads the text in full for the authoritative
 * outcome and its located message.
 */
import { crossReferenceIssues, instrumentsSchema, modulesSchema, type DaqConfig } from '../../../shared/model/config.js';
import { TomlFloat } from '../toml-edit/index.js';

/** A config as validated: the decoded TOML value and the model the schemas made of it. */
export interface ValidatedConfig {
  readonly decoded: Readonly<Record<string, unknown>>;
  readonly config: DaqConfig;
}

/** One value set at a key path of the document. */
export interface ValueSet {
  readonly path: readonly string[];
  readonly value: unknown;
}

type Table = Record<string, unknown>;

const entrySchemas = { instruments: instrumentsSchema, modules: modulesSchema } as const;
type Group = keyof typeof entrySchemas;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Arrays may nest this deep in a value taken here; deeper ones go to the full load. */
const MAX_ARRAY_DEPTH = 8;

/** Not a value the loader surely decodes a set value to. */
const UNDECIDED = Symbol('undecided');

/**
 * What the loader decodes a set value to, when that is certain: a string or a boolean as it
 * is; a float parameter (`TomlFloat`, always written as a float) as its number; a plain
 * number the file holds exactly (not −0, no integer beyond 2^53 − 1, which the loader
 * refuses); an array of such, copied, so nothing the caller holds ends up in what is
 * remembered. Dates, tables, NaN and infinities go to the full load.
 */
function decodedForm(v: unknown, depth = 0): unknown {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof TomlFloat) return Number.isFinite(v.value) ? v.value : UNDECIDED;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) && (!Number.isInteger(v) || Number.isSafeInteger(v)) ? v : UNDECIDED;
  if (!Array.isArray(v) || depth >= MAX_ARRAY_DEPTH) return UNDECIDED;
  const items = v.map((item) => decodedForm(item, depth + 1));
  return items.includes(UNDECIDED) ? UNDECIDED : items;
}

function groupOf(name: string | undefined): Group | undefined {
  return name === 'instruments' || name === 'modules' ? name : undefined;
}

/**
 * `decoded` with `set` applied, copying only the tables on its path; undefined unless the path
 * names an existing non-table value inside an instrument or module entry.
 */
function withValue(decoded: Table, set: ValueSet): Table | undefined {
  const { path } = set;
  const value = decodedForm(set.value);
  if (path.length < 3 || !groupOf(path[0]) || value === UNDECIDED) return undefined;
  const copy = (table: Table, at: number): Table | undefined => {
    const key = path[at] as string;
    if (!Object.hasOwn(table, key)) return undefined;
    const inner = table[key];
    if (at === path.length - 1) return isTable(inner) ? undefined : { ...table, [key]: value };
    if (!isTable(inner)) return undefined;
    const next = copy(inner, at + 1);
    return next && { ...table, [key]: next };
  };
  return copy(decoded, 0);
}

/**
 * The validated config after `sets`, when it can be told without a full load (see the file
 * comment); undefined otherwise.
 */
export function validateValueSets(base: ValidatedConfig, sets: readonly ValueSet[]): ValidatedConfig | undefined {
  let decoded = base.decoded as Table;
  /** The entries the values went into, as [group, id]. */
  const touched = new Map<string, [Group, string]>();
  for (const set of sets) {
    const next = withValue(decoded, set);
    if (!next) return undefined;
    decoded = next;
    const [group, id] = [groupOf(set.path[0]) as Group, set.path[1] as string];
    touched.set(`${group}\0${id}`, [group, id]);
  }
  if (touched.size === 0) return undefined;
  let config = base.config;
  for (const [group, id] of touched.values()) {
    const parsed = entrySchemas[group].safeParse({ [id]: (decoded[group] as Table)[id] });
    if (!parsed.success) return undefined;
    config = { ...config, [group]: { ...config[group], [id]: parsed.data[id] } };
  }
  if (crossReferenceIssues(decoded).length > 0) return undefined;
  return { decoded, config };
}
