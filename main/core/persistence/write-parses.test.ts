/**
 * The write path parses the file at most once per write: the first write parses the file as
 * found; after that the file read back is the text the last write produced, so its parse is
 * carried over and the edit is proved by parsing only the lines it touched (the check that the
 * result loads as the app's config uses the same tree). Counted at the parser itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as parser from 'toml-eslint-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstConfigError } from '../config/index.js';
import { ConfigWriter } from './config-writer.js';
import { contentHash } from './write-ledger.js';

vi.mock('toml-eslint-parser', async (importOriginal) => {
  const real = await importOriginal<typeof import('toml-eslint-parser')>();
  return { ...real, parseTOML: vi.fn(real.parseTOML) };
});

function instruments(count: number): string {
  let text = 'log_level = "info"\n\n[application]\n\n[storage]\ndefault_path = "data"\n';
  for (let i = 0; i < count; i += 1) text += `\n# source ${i}\n[instruments.src_${i}]\ntype = "mock"\nsample_rate_hz = 10.0\namplitude = 1.5\n`;
  return text;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daq-write-parses-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the write path', () => {
  it('parses the whole file on its first write only; after that, only the lines an edit touches', async () => {
    const text = instruments(600);
    const path = join(dir, 'config.toml');
    await writeFile(path, text);
    const writer = new ConfigWriter(path, () => Date.now(), undefined, {}, firstConfigError);
    writer.ledger.record(contentHash(text));
    const parseTOML = vi.mocked(parser.parseTOML);
    const wholeFile: number[] = [];
    const pieces: number[][] = [];
    for (let i = 0; i < 5; i += 1) {
      parseTOML.mockClear();
      const r = await writer.write([{ kind: 'set', path: ['instruments', 'src_599', 'amplitude'], value: 2.25 + i, marker: true }]);
      expect(r.persisted).toBe(true);
      const sizes = parseTOML.mock.calls.map((c) => c[0].length);
      wholeFile.push(sizes.filter((n) => n > text.length / 2).length);
      pieces.push(sizes.filter((n) => n <= text.length / 2));
    }
    expect(wholeFile).toEqual([1, 0, 0, 0, 0]);
    // The rest are the edited line before and after, each well under a line's worth of the file.
    for (const parsed of pieces) {
      expect(parsed.length).toBeLessThanOrEqual(3);
      for (const n of parsed) expect(n).toBeLessThan(200);
    }
  });
});
