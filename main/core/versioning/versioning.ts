/**
 * Versioning inside the core: a snapshot of the config file's exact bytes before every change
 * that alters it (a command, a commit, a hand edit picked up, a rollback, Save to file), and the
 * commands that list, label, compare and go back to versions. `enable_versioning = false` makes
 * no snapshots and the commands answer UNAVAILABLE.
 */
import { AppError } from '../../../shared/errors.js';
import type { CoreContext } from '../actor/core-context.js';
import { persistError } from '../persistence/atomic-file.js';
import { readConfigBytes, readRegularFile } from '../persistence/read-regular.js';
import { compareContents, type ComparedContent, type Comparison } from './compare.js';
import { ConfigLoads } from './config-loads.js';
import { VersionStore } from './version-store.js';

export class Versioning {
  readonly store: VersionStore;

  /**
   * @param loads what config texts loaded as; the core hands in the one its config writer
   *   checks every text with, so a version made of a text the app wrote is never parsed again.
   */
  constructor(
    private readonly ctx: CoreContext,
    readonly loads = new ConfigLoads(),
  ) {
    this.store = new VersionStore(ctx.configPath, () => ctx.clock.now());
  }

  /**
   * As the config says; and on while the app runs on no config (it started on a file that does
   * not load): going back to a version that worked is then the quickest way out, and the broken
   * file is kept as a version before it is replaced, so nothing typed into it is lost.
   */
  get enabled(): boolean {
    const config = this.ctx.config;
    return config === null || config.application.dynamic_config.enable_versioning === true;
  }

  requireEnabled(): void {
    if (!this.enabled) throw new AppError('UNAVAILABLE', 'versioning is turned off (enable_versioning = false in [application.dynamic_config])');
  }

  private get retention(): number {
    return this.ctx.config?.application.dynamic_config.snapshot_retention ?? 10;
  }

  /**
   * Keeps the file's bytes as they are now (or `bytes`, the text the app last had before a hand
   * edit) as the version before a change. Never throws: a snapshot that cannot be made is
   * logged and the change goes on, as refusing a technician's change over history would.
   */
  async beforeChange(source: string, summary: string, bytes?: Uint8Array): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    try {
      const content = bytes ?? (await readRegularFile(this.ctx.configPath));
      const unusable = this.unusable(content);
      if (unusable) {
        this.ctx.addLog('warn', `no version was kept before this change: ${unusable}`, 'versioning');
        return undefined;
      }
      const made = await this.store.snapshot(content, { source, summary }, this.retention);
      if (made.created) this.store.decodings.keepLater(content, this.ctx.configPath, this.loads);
      return made.versionId;
    } catch (err) {
      this.ctx.addLog('error', `no version was kept before this change: ${err instanceof Error ? err.message : String(err)}`, 'versioning');
      return undefined;
    }
  }

  /**
   * Why `bytes` cannot be a version, or undefined. While a configuration runs, a version is
   * something to go back to: bytes that do not load (an editor's save caught half-written, an
   * emptied file) are not kept. With no configuration running (a start on a broken file), the
   * broken text is kept on purpose before it is replaced.
   */
  private unusable(bytes: Uint8Array): string | undefined {
    if (this.ctx.config === null) return undefined;
    const text = Buffer.from(bytes).toString('utf8');
    return this.loads.load(text, this.ctx.configPath).ok ? undefined : `the file does not load as a config now (${bytes.length} bytes: being saved by another program?)`;
  }

  /** CreateConfigSnapshot: the file as it is now, labelled if asked (an identical newest version gets the label). */
  async snapshotNow(source: string, label: string | undefined): Promise<{ versionId: string; created: boolean }> {
    this.requireEnabled();
    const bytes = await readConfigBytes(this.ctx.configPath, 'no version was kept');
    const unusable = this.unusable(bytes);
    if (unusable) throw new AppError('VALIDATION', `the file was not kept as a version: ${unusable}`);
    const made = await this.store.snapshot(bytes, { source, summary: 'snapshot taken on request', ...(label ? { label } : {}) }, this.retention).catch((err: unknown) => {
      // The versions folder could not be written (its config folder moved away meanwhile, a
      // full disk): said as such, not as an internal error.
      throw persistError(this.store.folder, err, 'no version was kept');
    });
    if (made.created) await this.store.decodings.keep(bytes, this.ctx.configPath, this.loads);
    if (made.created || !label) return made;
    return { versionId: await this.store.label(made.versionId, label), created: false };
  }

  /** CompareConfigVersions: the lines and the summary of changes from `a` to `b`. */
  compare(a: ComparedContent, b: ComparedContent): Promise<Comparison> {
    return compareContents(a, b, this.ctx.configPath, this.loads, this.store.decodings);
  }
}
