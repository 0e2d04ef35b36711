/**
 * Where code runs is fixed by its folder, and this test keeps it so: the core and the shared
 * contract never import Electron or the DOM side, the renderer never imports Node or Electron,
 * the headless glue never imports Electron, and the preload only the zod-free command list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(relative(root, path)));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2]) as string);
}

function violations(dir: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sources(dir).flatMap((file) => imports(file).filter((spec) => forbidden(spec, file)).map((spec) => `${relative(root, file)} imports ${spec}`));
}

const isNode = (spec: string): boolean => spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'serialport', 'chokidar', 'ws'].includes(spec);
const reaches = (spec: string, folder: string): boolean => new RegExp(`(^|/)${folder}(/|$)`).test(spec);

describe('import boundaries', () => {
  it('reads imports (so an empty list means no violation, not a blind scanner)', () => {
    expect(imports(join(root, 'main/core/actor/core.ts'))).toContain('../../../shared/errors.js');
    expect(imports(join(root, 'main/electron/app.ts'))).toContain('electron');
  });

  it('main/core never imports electron, the renderer or the glue', () => {
    expect(violations('main/core', (s) => s === 'electron' || reaches(s, 'renderer') || reaches(s, 'electron') || reaches(s, 'headless'))).toEqual([]);
  });

  it('shared/ imports only shared/ and zod', () => {
    expect(violations('shared', (s) => !s.startsWith('.') && s !== 'zod')).toEqual([]);
    expect(violations('shared', (s) => s.startsWith('..') && (reaches(s, 'main') || reaches(s, 'renderer')))).toEqual([]);
  });

  it('the renderer never imports Node, Electron or main/', () => {
    expect(violations('renderer', (s) => s === 'electron' || isNode(s) || reaches(s, 'main'))).toEqual([]);
  });

  it('main/headless never imports electron', () => {
    expect(violations('main/headless', (s) => s === 'electron' || reaches(s, 'electron'))).toEqual([]);
  });

  it('the preload imports only electron and the zod-free command list', () => {
    expect(imports(join(root, 'main/electron/preload.ts')).filter((s) => s !== 'electron' && !s.endsWith('shared/ipc/command-names.js'))).toEqual([]);
  });
});
