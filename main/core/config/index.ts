/** Config loading: TOML text → validated model, with located issues. */
export { validateValueSets, type ValidatedConfig, type ValueSet } from './config-delta.js';
export { configSizeIssue } from './config-file.js';
export { firstConfigError, loadConfigFile, loadConfigText, validateConfigValue, type LoadResult } from './loader.js';
export { locateKeyPath, parseTomlText, type ParsedToml } from './toml-document.js';
