/** Which config file the core runs and whether it loaded: the banner reads this. */
import { create } from 'zustand';
import type { ConfigIssue } from '../../shared/errors.js';
import type { ConfigStatus } from '../../shared/model/runtime.js';

export interface ConfigState {
  /** Null until the first snapshot. */
  readonly status: ConfigStatus | null;
}

interface ConfigActions {
  snapshotLoaded(status: ConfigStatus): void;
  configStatusChanged(status: ConfigStatus): void;
}

export const initialConfigState: ConfigState = { status: null };

/** The config status store; components read it through the hooks below. */
export const useConfigStore = create<ConfigState & ConfigActions>()((set) => ({
  ...initialConfigState,
  snapshotLoaded: (status) => set({ status }),
  configStatusChanged: (status) => set({ status }),
}));

const noIssues: readonly ConfigIssue[] = [];

/** Whether the file failed to load (the banner shows). */
export function selectConfigInvalid(s: ConfigState): boolean {
  return s.status?.status === 'invalid';
}

/** The issues of the file (errors and warnings), a stable empty array when there are none. */
export function selectConfigIssues(s: ConfigState): readonly ConfigIssue[] {
  return s.status?.issues ?? noIssues;
}

/** The path of the config file, or '' before the first snapshot. */
export function selectConfigPath(s: ConfigState): string {
  return s.status?.configPath ?? '';
}

/** Whether the config file is invalid. */
export function useConfigInvalid(): boolean {
  return useConfigStore(selectConfigInvalid);
}

/** Issues of the config file. */
export function useConfigIssues(): readonly ConfigIssue[] {
  return useConfigStore(selectConfigIssues);
}

/** Path of the config file. */
export function useConfigPath(): string {
  return useConfigStore(selectConfigPath);
}
