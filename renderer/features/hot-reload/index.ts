/** The hot-reload feature: the file-not-applied banner, the reload notice and the reload button. */
export { HotReloadContainer } from './HotReloadContainer.js';
export { ReloadFromFileButton } from './ReloadFromFileButton.js';
