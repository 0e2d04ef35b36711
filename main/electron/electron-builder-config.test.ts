/**
 * electron-builder.yml checked offline: against electron-builder's own JSON schema (the one it
 * validates with at build time), and for the settings the app relies on at runtime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// js-yaml ships no type declarations; only `load` is used.
const yaml = require('js-yaml') as { load(text: string): unknown };

const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
// electron-builder's schema marks hook options with a non-standard `typeof: "function"` keyword.
ajv.addKeyword({ keyword: 'typeof', schemaType: 'string', validate: (expected: string, data: unknown) => typeof data === expected });
const validate = ajv.compile(schema);

interface FileSet {
  from: string;
  to: string;
}

const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's JSON schema", () => {
    const valid = validate(config);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is live: it rejects unknown keys and wrong types', () => {
    expect(validate({ ...config, appid: 'typo' })).toBe(false);
    expect(validate({ ...config, asar: 'yes' })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, target: 42 } })).toBe(false);
  });

  it('names the app and writes to dist/', () => {
    expect(config).toMatchObject({ appId: 'org.daqstudio.app', productName: 'DAQ Studio', directories: { output: 'dist' } });
  });

  it('packs only the build output and package.json into an asar, without rebuilding natives', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    const files = config.files as string[];
    expect(files).toContain('out/**');
    expect(files).toContain('package.json');
    for (const pattern of files.filter((f) => !f.startsWith('!'))) expect(pattern).toMatch(/^(out\/|package\.json$)/);
  });

  it('the package entry point is inside the packed output', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/app.js');
  });

  it('ships config/default.toml as a resource at config/default.toml, where the app seeds from', () => {
    const resources = config.extraResources as FileSet[];
    expect(resources).toContainEqual({ from: 'config/default.toml', to: 'config/default.toml' });
    expect(existsSync(resolve(root, 'config/default.toml'))).toBe(true);
  });

  it('builds AppImage and deb (Science), nsis and dmg', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Science' });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
  });
});
