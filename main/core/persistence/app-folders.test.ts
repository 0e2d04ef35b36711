/** The app's `.daq` folders are made on demand, never the config's own folder while it is away. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAppFolder } from './app-folders.js';

/** A folder renamed away right after `.daq` is made inside it, as a person may do at any moment. */
const moveAway = vi.hoisted(() => ({ folder: '' }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const mkdir = (async (path: string, options?: unknown) => {
    const made = await real.mkdir(path, options as never);
    if (moveAway.folder && path === join(moveAway.folder, '.daq')) {
      await real.rename(moveAway.folder, `${moveAway.folder}-away`);
      moveAway.folder = '';
    }
    return made;
  }) as typeof real.mkdir;
  return { ...real, mkdir, default: { ...real, mkdir } };
});

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('makeAppFolder', () => {
  it('makes .daq and the folders below it, again and again', async () => {
    const home = await mkdtemp(join(tmpdir(), 'daq-app-folders-'));
    made.push(home);
    const versions = join(home, '.daq', 'config_versions', '.daq.toml', 'decoded');
    await makeAppFolder(versions);
    await makeAppFolder(versions);
    await makeAppFolder(join(home, '.daq'));
    expect(existsSync(versions)).toBe(true);
  });

  it('fails, making nothing, when the config folder is gone (moved away)', async () => {
    const home = join(await mkdtemp(join(tmpdir(), 'daq-app-folders-')), 'bench');
    made.push(join(home, '..'));
    await expect(makeAppFolder(join(home, '.daq', 'transactions', 'bench.toml'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(home)).toBe(false);
  });

  it('makes nothing again when the config folder is moved away while the folders below .daq are being made', async () => {
    const home = join(await mkdtemp(join(tmpdir(), 'daq-app-folders-')), 'bench');
    made.push(join(home, '..'));
    await mkdir(home);
    moveAway.folder = home;
    await expect(makeAppFolder(join(home, '.daq', 'transactions', 'bench.toml'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(home)).toBe(false);
    expect(existsSync(join(`${home}-away`, '.daq'))).toBe(true);
  });
});
