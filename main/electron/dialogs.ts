/** Native dialogs. Only the shell opens them; the core never asks the user anything itself. */
import { dialog, type BrowserWindow } from 'electron';

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
