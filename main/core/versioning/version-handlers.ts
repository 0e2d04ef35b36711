/** The versioning commands: each one a call on {@link Versioning} and its store. */
import { AppError } from '../../../shared/errors.js';
import type { CommandName, CommandRequest, CommandResponse } from '../../../shared/ipc/contract.js';
import { createHash } from 'node:crypto';
import type { versionCommands } from '../../../shared/ipc/version-contract.js';
import type { CoreContext } from '../actor/core-context.js';
import { restoreText } from '../changes/restore-text.js';
import type { ConfigWriter } from '../persistence/config-writer.js';
import { TomlDecodeError, decodeTomlBytes } from '../toml-edit/index.js';
import { readRegularFile } from '../persistence/read-regular.js';
import type { ComparedContent } from './compare.js';
import type { Versioning } from './versioning.js';

type VersionCommand = keyof typeof versionCommands & CommandName;
interface VersionEnv {
  readonly ctx: CoreContext;
  readonly writer: ConfigWriter;
  readonly versioning: Versioning;
}

type VersionHandlers = {
  readonly [K in VersionCommand]: (env: VersionEnv, req: CommandRequest<K>) => Promise<CommandResponse<K>>;
};

/** The bytes and text of a version (or of the file now, for `current`). */
async function contentOf(env: VersionEnv, ref: string): Promise<ComparedContent> {
  const kept = ref !== 'current';
  const bytes = kept ? await env.versioning.store.read(ref) : await readRegularFile(env.ctx.configPath);
  try {
    return { name: ref, bytes, text: decodeTomlBytes(bytes).text, kept };
  } catch (err) {
    if (err instanceof TomlDecodeError) throw new AppError('VALIDATION', `${ref} is not UTF-8 text: ${err.message}`);
    throw err;
  }
}

export const versionHandlers: VersionHandlers = {
  CreateConfigSnapshot: ({ ctx, versioning }, { label }) => versioning.snapshotNow(ctx.changeSource('CreateConfigSnapshot'), label),
  LabelConfigVersion: async ({ versioning }, { versionId, label }) => {
    versioning.requireEnabled();
    return { versionId: await versioning.store.label(versionId, label) };
  },
  ListConfigVersions: async ({ versioning, ctx }) => {
    versioning.requireEnabled();
    const versions = await versioning.store.list();
    const current = await readRegularFile(ctx.configPath).catch(() => undefined);
    return { versions, ...(current ? { currentHash: createHash('sha256').update(current).digest('hex') } : {}) };
  },
  CompareConfigVersions: async (env, { versionA, versionB }) => {
    env.versioning.requireEnabled();
    const [a, b] = await Promise.all([contentOf(env, versionA), contentOf(env, versionB)]);
    return env.versioning.compare(a, b);
  },
  RollbackToVersion: async (env, { versionId }) => {
    env.versioning.requireEnabled();
    const raw = await env.versioning.store.read(versionId);
    // The exact bytes go back, byte order mark and all; the text is only for loading.
    const text = raw.toString('utf8');
    await contentOf(env, versionId);
    const { diff, previous } = await restoreText(env.ctx, env.writer, text, { versioning: env.versioning, source: env.ctx.changeSource(`RollbackToVersion ${versionId}`) });
    env.ctx.addLog('info', `went back to version ${versionId}`, 'versioning');
    return { restored: versionId, ...(previous ? { previous } : {}), summary: diff };
  },
};
