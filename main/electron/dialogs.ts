/** Native dialogs. Only the shell opens them; the core never asks the user anything itself. */
import { dialog, type BrowserWindow } from 'electron';
import type { Core } from '../core/index.js';

/** File filter for lab configs in the open dialog. */
export const CONFIG_FILE_FILTERS = [{ name: 'DAQ config (TOML)', extensions: ['toml'] }];

/**
 * Asks for a config file to open; resolves to its path, or undefined when cancelled.
 *
 * `defaultPath` starts the dialog in the folder of the current config, where a lab keeps its
 * other configs.
 */
export async function chooseConfigFile(parent: BrowserWindow, defaultPath?: string): Promise<string | undefined> {
  const result = await dialog.showOpenDialog(parent, {
    title: 'Open configuration',
    properties: ['openFile'],
    filters: CONFIG_FILE_FILTERS,
    ...(defaultPath === undefined ? {} : { defaultPath }),
  });
  return result.canceled ? undefined : result.filePaths[0];
}

/**
 * Before quitting (or switching to another config file): if changes are kept in memory that
 * the config file does not have yet, says so and lets the person try saving again, leave
 * anyway, or stay. Resolves true to go ahead.
 */
export async function confirmQuitWithUnsaved(parent: BrowserWindow | undefined, core: Core | undefined, leaveLabel = 'Quit without saving'): Promise<boolean> {
  for (;;) {
    const state = await core?.invoke('GetAppState', {});
    const persistence = state?.ok ? state.value.persistence : undefined;
    if (!persistence || persistence.pending === 0) return true;
    const options = {
      type: 'warning' as const,
      title: 'Changes not saved to file',
      message: `${persistence.pending} change${persistence.pending === 1 ? ' is' : 's are'} not saved to the config file.`,
      detail: `${persistence.lastError?.message ?? ''}\n\nLeaving now loses ${persistence.pending === 1 ? 'it' : 'them'}.`.trim(),
      buttons: ['Try saving again', leaveLabel, 'Cancel'],
      defaultId: 0,
      cancelId: 2,
    };
    const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    if (response === 1) return true;
    if (response !== 0) return false;
    await core?.invoke('SyncConfigToFile', {});
  }
}
