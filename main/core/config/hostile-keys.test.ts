/**
 * Keys that name built-in members of JavaScript objects (`__proto__`, `constructor`,
 * `toString`, …). A file is data typed by a person: none of its keys may reach
 * Object.prototype, and each such key is refused where it stands, with its position.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../../shared/errors.js';
import { loadConfigText } from './index.js';

const BASE = ['log_level = "info"', '[application]', '[storage]', 'default_path = "data"'];
const doc = (...lines: string[]): string => [...BASE, ...lines].join('\n') + '\n';

/** What Object.prototype holds before any test: nothing may be added or replaced. */
const pristine = Object.getOwnPropertyNames(Object.prototype)
  .sort()
  .map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)] as const);

function expectPrototypeUntouched(): void {
  const now = Object.getOwnPropertyNames(Object.prototype)
    .sort()
    .map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)] as const);
  expect(now).toEqual(pristine);
  expect(({} as Record<string, unknown>)['type']).toBeUndefined();
}

afterEach(expectPrototypeUntouched);

function errors(text: string): [number, number, string, string][] {
  const r = loadConfigText(text, 'lab.toml');
  expect(r.ok, 'the file must be refused').toBe(false);
  const issues: readonly ConfigIssue[] = r.ok ? r.warnings : r.issues;
  return issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.column, i.path, i.message]);
}

const reserved = (key: string): string => expect.stringContaining(`"${key}" is a reserved name`) as unknown as string;

describe('prototype-named keys in a config file', () => {
  it('[instruments.__proto__] is refused at the key and pollutes nothing', () => {
    expect(errors(doc('[instruments.__proto__]', 'type = "mock"'))).toEqual([[5, 14, 'instruments.__proto__', reserved('__proto__')]]);
    // The next, valid file still loads with its defaults (a polluted prototype broke them).
    const r = loadConfigText(doc(), 'lab.toml');
    expect(r.ok && r.config.application.dynamic_config.enable_hot_reload).toBe(true);
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__'])('[instruments.%s] is refused', (id) => {
    expect(errors(doc(`[instruments.${id}]`, 'type = "mock"', 'sample_rate_hz = 1.0'))).toEqual([[5, 14, `instruments.${id}`, reserved(id)]]);
  });

  it.each([
    ['a processors key', ['[instruments.a]', 'type = "mock"', 'sample_rate_hz = 1.0', '[processors]', 'constructor = []'], [9, 1, 'processors.constructor']],
    ['a parameter', ['[instruments.a]', 'type = "mock"', 'sample_rate_hz = 1.0', '__proto__ = { type = "mock" }'], [8, 1, 'instruments.a.__proto__']],
    ['a role', ['[modules.m]', 'type = "power_meter"', '[modules.m.roles]', 'constructor = "a"'], [8, 1, 'modules.m.roles.constructor']],
    ['a storage key', ['toString = 1'], [5, 1, 'storage.toString']],
    ['a dotted key', ['x.__proto__.type = "mock"'], [5, 3, 'storage.x.__proto__']],
    ['a quoted key', ['"__proto__" = 1'], [5, 1, 'storage.__proto__']],
    ['an inline-table key', ['roles = { valueOf = 1 }'], [5, 11, 'storage.roles.valueOf']],
    ['an array-of-tables header', ['[[__proto__]]', 'type = "mock"'], [5, 3, '__proto__']],
    ['a key inside an array of tables', ['[[extra]]', 'constructor = 1'], [6, 1, 'extra[0].constructor']],
  ])('%s is refused at its position', (_what, lines, [line, column, path]) => {
    const key = String(path).split(/[.[\]]/).filter(Boolean).at(-1) as string;
    expect(errors(doc(...(lines as string[])))).toEqual([[line, column, path, reserved(key)]]);
  });

  it('every such key in the file is listed, in file order', () => {
    const found = errors(doc('[instruments.constructor]', 'type = "mock"', '[modules.__proto__]', 'type = "power_meter"'));
    expect(found.map(([line, column, path]) => [line, column, path])).toEqual([
      [5, 14, 'instruments.constructor'],
      [7, 10, 'modules.__proto__'],
    ]);
  });

  it('a key that only contains such a name is an ordinary key', () => {
    const r = loadConfigText(doc('[instruments.my_constructor]', 'type = "mock"', 'sample_rate_hz = 1.0'), 'lab.toml');
    expect(r.ok && Object.keys(r.config.instruments)).toEqual(['my_constructor']);
  });
});
