/**
 * Shows the config banner while the file is invalid. Name: `alert` "Config file has errors".
 * When a later look at the file failed too, the hot-reload banner shows the newer issues
 * instead, so the operator never reads two lists about one file.
 */
import { useConfigInvalid, useConfigIssues, useConfigPath } from '../../stores/config-store.js';
import { useReloadProblem } from '../../stores/hot-reload-store.js';
import { ConfigBanner } from './ConfigBanner.js';

/** The banner, or nothing while the config is fine. */
export function ConfigBannerContainer() {
  const invalid = useConfigInvalid();
  const issues = useConfigIssues();
  const path = useConfigPath();
  const newerProblem = useReloadProblem() !== null;
  return invalid && !newerProblem ? <ConfigBanner path={path} issues={issues} /> : null;
}
