/**
 * electron-builder.yml checked offline: against electron-builder's own JSON schema (the one it
 * validates with at build time), and for the settings the app relies on at runtime.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
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

  it('gives the deb a maintainer and a homepage, and Linux windows the desktop entry they belong to', () => {
    expect(config.linux.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(() => new URL(config.extraMetadata.homepage as string)).not.toThrow();
    // Electron's window app id comes from desktopName; the entry is named after it (syncDesktopName).
    expect(config.extraMetadata.desktopName).toBe(`${config.linux.executableName}.desktop`);
    expect(config.linux.syncDesktopName).toBe(true);
  });

  it('gives every platform the icon build/icon.png', () => {
    for (const platform of ['linux', 'win', 'mac']) expect(config[platform], platform).toMatchObject({ icon: 'build/icon.png' });
  });
});

/** Width, height and raw (filtered) pixel rows of a PNG with one or more IDAT chunks. */
function readPng(bytes: Buffer): { width: number; height: number; colorType: number; rows: Buffer } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const data: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25]!, rows: inflateSync(Buffer.concat(data)) };
}

describe('build/icon.png', () => {
  const committed = readFileSync(resolve(root, 'build/icon.png'));

  it('is a square RGBA PNG of at least 512×512, which electron-builder needs for the macOS icns', () => {
    const png = readPng(committed);
    expect(png.width).toBe(png.height);
    expect(png.width).toBeGreaterThanOrEqual(512);
    expect(png.colorType).toBe(6);
  });

  it('is what build/icon.mjs draws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'daq-icon-'));
    try {
      execFileSync(process.execPath, [resolve(root, 'build/icon.mjs'), join(dir, 'icon.png')]);
      // Pixels, not bytes: another zlib may compress the same pixels differently.
      const drawn = readPng(readFileSync(join(dir, 'icon.png'))).rows;
      const shipped = readPng(committed).rows;
      expect(drawn.length).toBe(shipped.length);
      let differing = 0;
      for (let i = 0; i < drawn.length; i++) if (Math.abs(drawn[i]! - shipped[i]!) > 1) differing++;
      expect(differing).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
