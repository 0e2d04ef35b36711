/** The app's `.daq` folders are made on demand, never the config's own folder while it is away. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAppFolder } from './app-folders.js';

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
});
