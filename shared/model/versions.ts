/** Config versions as they cross the contract: the timeline entries and a comparison. */
import { z } from 'zod';

export const versionInfoSchema = z.object({
  /** `<config file name>/config-{YYYYMMDD_HHMMSS}-{hash}[-{n}][-{label}].toml` */
  versionId: z.string(),
  time: z.string(),
  label: z.string().optional(),
  /** Where the change that followed came from: `gui:UpdateInstrumentParameter`, `hot-reload`, `transaction:<id>`, `rollback`, … */
  source: z.string(),
  /** One line on the change that followed this version. */
  summary: z.string(),
  /** SHA-256 of the bytes. */
  hash: z.string(),
});
export type VersionInfo = z.infer<typeof versionInfoSchema>;

/** A version id, or `current` for the file as it is now. */
export const versionRefSchema = z.string().min(1).max(300);

const valueChange = z.object({ key: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });

/** What differs between two configurations, in terms of instruments and modules. */
export const semanticSummarySchema = z.object({
  instrumentsAdded: z.array(z.string()),
  instrumentsRemoved: z.array(z.string()),
  instrumentsChanged: z.array(z.object({ id: z.string(), changes: z.array(valueChange) })),
  modulesAdded: z.array(z.string()),
  modulesRemoved: z.array(z.string()),
  modulesChanged: z.array(z.object({ id: z.string(), changes: z.array(valueChange) })),
  settingsChanged: z.array(valueChange),
  /** Instruments whose processor chain differs. */
  processorsChanged: z.array(z.string()),
  /** One line, as the log shows it. */
  text: z.string(),
});
export type SemanticSummary = z.infer<typeof semanticSummarySchema>;
