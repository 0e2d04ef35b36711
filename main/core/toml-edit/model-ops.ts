/**
 * The same operations as the editor, applied to the decoded value instead of the text. The
 * editor verifies its text against these, so a splice that decodes differently is caught.
 */
import { own, setOwn } from './document-value.js';
import type { DocumentIndex, KeyPath } from './document-index.js';
import { TomlDateTime } from './toml-datetime.js';
import { TomlFloat } from './toml-float.js';

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null && !(v instanceof TomlDateTime) && !(v instanceof Date) && !(v instanceof TomlFloat);
}

function child(c: Container, seg: string | number): unknown {
  return Array.isArray(c) ? c[seg as number] : own(c, String(seg));
}

/** Deep copy of a decoded value (tables and arrays copied, scalars shared). */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (!isContainer(v)) return v;
  const out: Record<string, unknown> = {};
  const table = v as Record<string, unknown>;
  for (const k of Object.keys(table)) setOwn(out, k, cloneValue(table[k]));
  return out as T;
}

/** The value at `path`, or undefined. */
export function getIn(root: unknown, path: KeyPath): unknown {
  let current = root;
  for (const seg of path) {
    if (!isContainer(current)) return undefined;
    current = child(current, seg);
  }
  return current;
}

/** Sets `path` to `value`, creating missing tables on the way. */
export function setIn(root: Record<string, unknown>, path: KeyPath, value: unknown): void {
  let current: Container = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      if (Array.isArray(current)) current[seg as number] = value;
      else setOwn(current, String(seg), value);
      return;
    }
    let next = child(current, seg);
    if (!isContainer(next)) {
      next = {};
      setOwn(current as Record<string, unknown>, String(seg), next);
    }
    current = next as Container;
  });
}

/**
 * Deletes `path`. A table or array of tables that only existed through what was removed
 * (created by deeper headers or dotted keys, never by its own header) disappears with it,
 * exactly as it disappears from the text.
 */
export function deleteIn(root: Record<string, unknown>, path: KeyPath, index: DocumentIndex): void {
  for (let depth = path.length; depth > 0; depth--) {
    const target = path.slice(0, depth);
    if (depth < path.length) {
      const value = getIn(root, target);
      const kind = index.get(target)?.type;
      const empty = isContainer(value) && Object.keys(value).length === 0;
      if (!empty || (kind !== 'implicit' && kind !== 'dotted' && kind !== 'array-of-tables')) return;
    }
    const parent = getIn(root, target.slice(0, -1)) as Container;
    const seg = target[depth - 1] as string | number;
    if (Array.isArray(parent)) parent.splice(seg as number, 1);
    else delete parent[String(seg)];
  }
}
