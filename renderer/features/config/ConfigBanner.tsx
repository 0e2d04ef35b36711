/** The banner shown while the config file cannot be loaded, listing each issue where it is. */
import { formatConfigIssue, type ConfigIssue } from '../../../shared/errors.js';

export interface ConfigBannerProps {
  readonly path: string;
  readonly issues: readonly ConfigIssue[];
}

/** "Config file has errors" with one `file:line:column: message (path)` line per issue. */
export function ConfigBanner({ path, issues }: ConfigBannerProps) {
  return (
    <div className="banner banner-error" role="alert" aria-labelledby="config-banner-title">
      <strong id="config-banner-title">Config file has errors</strong>
      {path ? <span className="banner-path"> {path}</span> : null}
      <p className="banner-note">
        Instruments cannot be changed until the file is fixed, in an editor or by going back to a version that worked (Versions).
      </p>
      <ul className="banner-issues">
        {issues.map((issue, i) => (
          <li key={`${i}:${issue.line}:${issue.column}`}>
            <code>{formatConfigIssue(issue)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
