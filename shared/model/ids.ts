/** Ids of instruments and modules: what a TOML bare key and a file name can both hold. */
import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Names every JavaScript object already answers to (the members of Object.prototype, plus
 * `__proto__` and `prototype`). Ids, role names and config keys become object keys in many
 * places; `config.processors["constructor"]` would find a function, and `__proto__` would reach
 * the prototype itself. They are refused wherever a person can type a key, so no lookup has to
 * tell them apart.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'prototype',
  'toLocaleString',
  'toString',
  'valueOf',
]);

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.has(name);
}

export const idSchema = z
  .string({ error: 'must be a string' })
  .regex(ID_PATTERN, { message: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
  .refine((id) => !isReservedName(id), { message: 'is a reserved name (a built-in name of JavaScript objects); choose another' });
