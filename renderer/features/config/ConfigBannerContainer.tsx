/** Shows the config banner while the file is invalid. Name: `alert` "Config file has errors". */
import { useConfigInvalid, useConfigIssues, useConfigPath } from '../../stores/config-store.js';
import { ConfigBanner } from './ConfigBanner.js';

/** The banner, or nothing while the config is fine. */
export function ConfigBannerContainer() {
  const invalid = useConfigInvalid();
  const issues = useConfigIssues();
  const path = useConfigPath();
  return invalid ? <ConfigBanner path={path} issues={issues} /> : null;
}
