/**
 * The check every payload passes before the contract's schemas see it (see `payloadLimits` in
 * shared/ipc/contract.ts). The schemas recurse, so a payload nested a few thousand levels deep
 * overflowed the stack inside zod; this walk keeps its own stack and stops at the first limit
 * crossed, so no payload can make the check itself overflow or run long.
 */
import { payloadLimits } from '../../../shared/ipc/contract.js';

export interface PayloadIssue {
  /** Dotted key path, as in schema issues (`config.__proto__`, `processors.0.type`); '' is the payload itself. */
  readonly path: string;
  readonly message: string;
}

interface Frame {
  readonly value: unknown;
  /** Objects and arrays this value sits in, itself excluded. */
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

const forbidden: ReadonlySet<string> = new Set(payloadLimits.forbiddenKeys);

/** Built only when an issue is reported, so the walk does not copy a path per value. */
function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  return keys.reverse().join('.');
}

/** What IPC's structured clone can deliver besides JSON data (Map, Date, typed arrays, …). */
function isJsonContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeNonJson(value: unknown): string {
  if (typeof value === 'object' && value !== null) return `not JSON data (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `not JSON data (${typeof value})`;
}

/** The first limit `payload` crosses, or undefined when it is plain JSON-like data within them. */
export function checkPayloadShape(payload: unknown): PayloadIssue | undefined {
  const { maxDepth, maxEntries, maxStringLength } = payloadLimits;
  const stack: Frame[] = [{ value: payload, depth: 0, parent: undefined, key: undefined }];
  let entries = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value } = frame;
    if (typeof value === 'string') {
      if (value.length > maxStringLength) return { path: pathOf(frame), message: `string longer than ${maxStringLength} characters` };
      continue;
    }
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') continue;
    if (typeof value !== 'object' || !isJsonContainer(value)) return { path: pathOf(frame), message: describeNonJson(value) };
    const depth = frame.depth + 1;
    if (depth > maxDepth) return { path: pathOf(frame), message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(value)) {
      entries += value.length;
      if (entries > maxEntries) return { path: pathOf(frame), message: `more than ${maxEntries} keys and elements in all` };
      // Pushed last to first so the walk reports issues in document order.
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], depth, parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(value);
    entries += keys.length;
    if (entries > maxEntries) return { path: pathOf(frame), message: `more than ${maxEntries} keys and elements in all` };
    for (const key of keys) {
      if (key.length > maxStringLength) return { path: pathOf(frame), message: `key longer than ${maxStringLength} characters` };
      if (forbidden.has(key)) {
        const at = pathOf({ value: undefined, depth, parent: frame, key });
        return { path: at, message: `key "${key}" is not allowed (a built-in name of JavaScript objects)` };
      }
    }
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: frame, key });
    }
  }
  return undefined;
}
