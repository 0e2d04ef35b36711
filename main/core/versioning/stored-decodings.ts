/**
 * What a kept version's text decodes to, stored beside the versions so that comparing versions
 * after a restart costs no parse. Parsing a 5,000-line config takes 50 ms or more (the parser
 * builds a tree of every token and position, and collecting that garbage is half the cost);
 * reading its stored decoding back and validating it takes a few.
 *
 * One gzip file per content, `decoded/<sha256 of the version's bytes>.json.gz`, holding the
 * decoded TOML value (plain JSON, as the config loader builds it before validation), never the
 * validated config: the schema of the running build validates it again on every use, so a
 * schema that changed since cannot make a stored decoding wrong. What could (a different
 * parser or decoding) is in {@link decodingFingerprint}, and a record made under another one
 * is ignored. The name is the content's hash, so a version edited by hand simply has none; gzip's
 * checksum turns a file torn by a crash into a miss. Every failure here is a miss: the text is
 * then loaded in full, as before.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { meta as tomlParser } from 'toml-eslint-parser';
import { parseTomlText } from '../config/index.js';
import { MAX_TOML_NESTING, MAX_TOML_TOKEN_LENGTH } from '../toml-edit/index.js';
import type { ConfigLoads } from './config-loads.js';
import { makeAppFolder } from '../persistence/app-folders.js';

/** Raise when what a text decodes to, or whether it decodes, changes in a way the probe below cannot see. */
const DECODING_FORMAT = 1;

const RECORD_SUFFIX = '.json.gz';
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Every kind of TOML value a config may hold: a change in how any of them decodes changes the fingerprint. */
export const DECODING_PROBE = `int = 42
negative = -17
hex = 0xDEAD_BEEF
largest = 9007199254740991
float = 3.14159
exponent = 6.02e23
basic = "tab\\there \\u00e9 \\"quoted\\""
literal = 'C:\\path'
multiline = """
two
lines"""
yes = true
offset_datetime = 1979-05-27T07:32:00-08:00
local_datetime = 1979-05-27T07:32:00.999
local_date = 1979-05-27
local_time = 07:32:00
array = [1, "two", [3.0]]
inline = { a.b = 1, c = "x" }
dotted.key = 1
[table.sub]
key = "value"
[[tables]]
n = 1
[[tables]]
n = 2
`;

let fingerprint: string | undefined;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The parser, the decoder's output on every kind of value, and the limits a text must keep. */
export function decodingFingerprint(): string {
  if (fingerprint === undefined) {
    const probe = parseTomlText(DECODING_PROBE, 'probe.toml');
    const decoded = probe.ok ? JSON.stringify(probe.doc.value) : JSON.stringify(probe.issues);
    const parts = [DECODING_FORMAT, tomlParser.version, MAX_TOML_NESTING, MAX_TOML_TOKEN_LENGTH, decoded];
    fingerprint = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }
  return fingerprint;
}

/**
 * Whether JSON gives `value` back exactly: it has no NaN, no infinity and no -0 (a TOML float
 * may be any of them, and JSON would turn them into null or 0). Such a text is simply not stored.
 */
function survivesJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (value && typeof value === 'object') return Object.values(value).every(survivesJson);
  return true;
}

interface StoredRecord {
  readonly decoder: string;
  readonly hash: string;
  readonly value: unknown;
}

export class StoredDecodings {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly folder: string) {}

  private pathOf(hash: string): string {
    return join(this.folder, `${hash}${RECORD_SUFFIX}`);
  }

  /** The stored decoding of the bytes whose sha256 is `hash`, or undefined (none, damaged, or of another decoder). */
  async read(hash: string): Promise<unknown> {
    try {
      const record = JSON.parse(gunzipSync(await readFile(this.pathOf(hash))).toString('utf8')) as StoredRecord;
      return record.decoder === decodingFingerprint() && record.hash === hash ? record.value : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores `value` as the decoding of the bytes whose sha256 is `hash`. Best effort and not
   * fsynced: it is a cache, and a record lost or torn is only a parse more.
   */
  async write(hash: string, value: unknown): Promise<void> {
    if (!HASH_PATTERN.test(hash) || !survivesJson(value)) return;
    const record: StoredRecord = { decoder: decodingFingerprint(), hash, value };
    const temp = join(this.folder, `${hash}.${randomUUID()}.tmp`);
    const gz = gzipSync(JSON.stringify(record));
    try {
      // The folder is made on first use only: looking for it on every write costs a call.
      await writeFile(temp, gz).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await makeAppFolder(this.folder);
        await writeFile(temp, gz);
      });
      await rename(temp, this.pathOf(hash));
    } catch {
      await unlink(temp).catch(() => undefined);
    }
  }

  /**
   * Makes `text` (of `bytes`) known to `loads` from its stored decoding, unless it is known
   * already. Answers whether it is known now; if not, loading it will parse it.
   */
  async recall(bytes: Uint8Array, text: string, file: string, loads: ConfigLoads): Promise<boolean> {
    if (loads.knows(text, file)) return true;
    const decoded = await this.read(sha256(bytes));
    return decoded !== undefined && loads.takeDecoded(text, file, decoded);
  }

  /** Stores the decoding of `bytes` if `loads` holds it (it loaded them, or was told what they loaded as). */
  async keep(bytes: Uint8Array, file: string, loads: ConfigLoads): Promise<void> {
    const decoded = decodedOf(bytes, file, loads);
    if (decoded !== undefined) await this.write(sha256(bytes), decoded);
  }

  /**
   * Like {@link keep}, but written after the change that made the version has been answered:
   * the record only saves a later compare a parse, so it need not cost the change its time.
   * The decoding is taken now, while `loads` surely holds it.
   */
  keepLater(bytes: Uint8Array, file: string, loads: ConfigLoads): void {
    const decoded = decodedOf(bytes, file, loads);
    if (decoded === undefined) return;
    const hash = sha256(bytes);
    this.writing = this.writing
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.write(hash, decoded))
      .catch(() => undefined);
  }

  /** Resolves when the records {@link keepLater} queued are written (the core waits for it at stop). */
  settled(): Promise<void> {
    return this.writing;
  }

  /** Removes every record (and leftover temp file) but those of `held`, the hashes of the versions there are. */
  async sweep(held: ReadonlySet<string>): Promise<void> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    for (const name of names) {
      const hash = name.endsWith(RECORD_SUFFIX) ? name.slice(0, -RECORD_SUFFIX.length) : undefined;
      if (hash === undefined || !held.has(hash)) await unlink(join(this.folder, name)).catch(() => undefined);
    }
  }
}

/**
 * The text is known with its byte order mark (as the file was read at start-up) or without it
 * (as the writer checked it and versions are compared).
 */
function decodedOf(bytes: Uint8Array, file: string, loads: ConfigLoads): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  return loads.decodedOf(text, file) ?? (text.startsWith('\uFEFF') ? loads.decodedOf(text.slice(1), file) : undefined);
}
