import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configArgument,
  rememberConfigPath,
  resolveConfigPath,
  settingsFilePath,
  type ConfigLocationInput,
} from './config-location.js';

const SHIPPED_TEXT = '# shipped default\nlog_level = "info"\n';

let root: string;
let appDir: string;
let userDataDir: string;
let shippedDefaultPath: string;
let cwd: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'config-location-'));
  appDir = join(root, 'app');
  userDataDir = join(root, 'user-data');
  cwd = join(root, 'work');
  shippedDefaultPath = join(appDir, 'config', 'default.toml');
  await mkdir(join(appDir, 'config'), { recursive: true });
  await mkdir(cwd, { recursive: true });
  await writeFile(shippedDefaultPath, SHIPPED_TEXT);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function input(overrides: Partial<ConfigLocationInput> = {}): ConfigLocationInput {
  return { argv: ['electron', '.'], isPackaged: false, userDataDir, shippedDefaultPath, cwd, ...overrides };
}

async function writeSettings(value: unknown): Promise<void> {
  await mkdir(userDataDir, { recursive: true });
  await writeFile(settingsFilePath(userDataDir), typeof value === 'string' ? value : JSON.stringify(value));
}

async function labFile(name: string): Promise<string> {
  const file = join(root, 'lab', name);
  await mkdir(join(root, 'lab'), { recursive: true });
  await writeFile(file, `# ${name}\n`);
  return file;
}

describe('configArgument', () => {
  it('reads --config PATH and --config=PATH, resolved against cwd', () => {
    expect(configArgument(['app', '--config', 'bench.toml'], cwd)).toBe(join(cwd, 'bench.toml'));
    expect(configArgument(['app', '--config=../bench.toml'], cwd)).toBe(join(root, 'bench.toml'));
    expect(configArgument(['app', '--config', '/abs/lab.toml'], cwd)).toBe('/abs/lab.toml');
  });

  it('lets the last occurrence win', () => {
    expect(configArgument(['app', '--config', 'a.toml', '--config=b.toml'], cwd)).toBe(join(cwd, 'b.toml'));
  });

  it('skips a --config without a path and notes it, without eating the next switch', () => {
    const notes: string[] = [];
    expect(configArgument(['app', '--config', '--inspect'], cwd, notes)).toBeUndefined();
    expect(configArgument(['app', '--config'], cwd, notes)).toBeUndefined();
    expect(configArgument(['app', '--config='], cwd, notes)).toBeUndefined();
    expect(notes).toHaveLength(3);
  });

  it('ignores look-alike switches', () => {
    expect(configArgument(['app', '--configuration', 'x.toml', '--config-dir=y'], cwd)).toBeUndefined();
  });
});

describe('resolveConfigPath', () => {
  it('uses the app folder default in development, creating nothing in user data', async () => {
    const location = await resolveConfigPath(input());
    expect(location).toEqual({ path: shippedDefaultPath, source: 'app-folder', notes: [] });
    await expect(readdir(userDataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('seeds <userData>/config.toml from the shipped default on the first packaged run', async () => {
    const location = await resolveConfigPath(input({ isPackaged: true }));
    expect(location.path).toBe(join(userDataDir, 'config.toml'));
    expect(location.source).toBe('user-data');
    expect(await readFile(location.path, 'utf8')).toBe(SHIPPED_TEXT);
    expect(location.notes.join('\n')).toContain('created');
  });

  it('never overwrites the user config on later packaged runs', async () => {
    await mkdir(userDataDir, { recursive: true });
    await writeFile(join(userDataDir, 'config.toml'), '# edited by the user\n');
    const location = await resolveConfigPath(input({ isPackaged: true }));
    expect(location).toEqual({ path: join(userDataDir, 'config.toml'), source: 'user-data', notes: [] });
    expect(await readFile(location.path, 'utf8')).toBe('# edited by the user\n');
  });

  it('still answers the user config path, with a note, when the shipped default is missing', async () => {
    await rm(shippedDefaultPath);
    const location = await resolveConfigPath(input({ isPackaged: true }));
    expect(location.path).toBe(join(userDataDir, 'config.toml'));
    expect(location.notes.join('\n')).toContain('cannot create');
  });

  it('lets --config win over the remembered file and the defaults, packaged or not', async () => {
    await writeSettings({ configPath: await labFile('remembered.toml') });
    for (const isPackaged of [false, true]) {
      const location = await resolveConfigPath(input({ isPackaged, argv: ['daq', '--config', 'bench.toml'] }));
      expect(location).toEqual({ path: join(cwd, 'bench.toml'), source: 'argument', notes: [] });
    }
    // A packaged run with --config does not seed a user config it will not use.
    await expect(readFile(join(userDataDir, 'config.toml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('returns a --config path that does not exist, so the core can report it', async () => {
    const location = await resolveConfigPath(input({ argv: ['daq', '--config=missing.toml'] }));
    expect(location.path).toBe(join(cwd, 'missing.toml'));
  });

  it('uses the remembered file in development and when packaged', async () => {
    const remembered = await labFile('remembered.toml');
    await writeSettings({ configPath: remembered });
    for (const isPackaged of [false, true]) {
      expect(await resolveConfigPath(input({ isPackaged }))).toEqual({ path: remembered, source: 'remembered', notes: [] });
    }
  });

  it('falls back when the remembered file no longer exists', async () => {
    await writeSettings({ configPath: join(root, 'lab', 'gone.toml') });
    const dev = await resolveConfigPath(input());
    expect(dev.path).toBe(shippedDefaultPath);
    expect(dev.notes.join('\n')).toContain('no longer exists');
    const packaged = await resolveConfigPath(input({ isPackaged: true }));
    expect(packaged.path).toBe(join(userDataDir, 'config.toml'));
  });

  it('falls back when the remembered path is a folder', async () => {
    await mkdir(join(root, 'lab'), { recursive: true });
    await writeSettings({ configPath: join(root, 'lab') });
    expect((await resolveConfigPath(input())).source).toBe('app-folder');
  });

  it.each([
    ['malformed JSON', '{"configPath": '],
    ['a number', { configPath: 42 }],
    ['a relative path', { configPath: 'lab/bench.toml' }],
    ['an empty path', { configPath: '' }],
    ['not an object', ['/abs/lab.toml']],
  ])('ignores settings.json holding %s, with a note', async (_label, content) => {
    await writeSettings(content);
    const location = await resolveConfigPath(input());
    expect(location.source).toBe('app-folder');
    expect(location.notes.join('\n')).toContain('ignored');
  });

  it('treats settings without configPath as nothing remembered', async () => {
    await writeSettings({ theme: 'dark' });
    expect(await resolveConfigPath(input())).toEqual({ path: shippedDefaultPath, source: 'app-folder', notes: [] });
  });
});

describe('rememberConfigPath', () => {
  it('creates the folder, writes settings.json and is used on the next start', async () => {
    const chosen = await labFile('chosen.toml');
    await rememberConfigPath(userDataDir, chosen);
    expect(JSON.parse(await readFile(settingsFilePath(userDataDir), 'utf8'))).toEqual({ configPath: chosen });
    expect(await resolveConfigPath(input({ isPackaged: true }))).toMatchObject({ path: chosen, source: 'remembered' });
  });

  it('keeps other settings, replaces the previous path and leaves no temp file', async () => {
    await writeSettings({ theme: 'dark', configPath: await labFile('old.toml') });
    const chosen = await labFile('new.toml');
    await rememberConfigPath(userDataDir, chosen);
    expect(JSON.parse(await readFile(settingsFilePath(userDataDir), 'utf8'))).toEqual({ theme: 'dark', configPath: chosen });
    expect(await readdir(userDataDir)).toEqual(['settings.json']);
  });

  it('stores an absolute path and overwrites a malformed settings file', async () => {
    await writeSettings('not json');
    await rememberConfigPath(userDataDir, 'relative/bench.toml');
    const saved = JSON.parse(await readFile(settingsFilePath(userDataDir), 'utf8')) as { configPath: string };
    expect(saved.configPath).toBe(join(process.cwd(), 'relative', 'bench.toml'));
  });

  it('rejects when settings.json cannot be replaced, leaving no temp file behind', async () => {
    // A folder where settings.json should be: the rename onto it fails.
    await mkdir(settingsFilePath(userDataDir), { recursive: true });
    await expect(rememberConfigPath(userDataDir, await labFile('chosen.toml'))).rejects.toThrow();
    expect(await readdir(userDataDir)).toEqual(['settings.json']);
  });
});
