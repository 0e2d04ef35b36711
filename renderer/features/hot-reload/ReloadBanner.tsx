/**
 * The banner shown while the config file on disk is not what the app runs: "Config file not
 * applied" (it has errors, each listed as file:line:column: message (path)) or "Config file
 * missing". The app keeps running its last good configuration meanwhile.
 */
import { formatConfigIssue } from '../../../shared/errors.js';
import type { ReloadStatus } from '../../../shared/model/runtime.js';

export interface ReloadBannerProps {
  readonly status: ReloadStatus;
}

/** An `alert` titled "Config file not applied" or "Config file missing". */
export function ReloadBanner({ status }: ReloadBannerProps) {
  const missing = status.outcome === 'missing';
  const title = missing ? 'Config file missing' : 'Config file not applied';
  return (
    <div className="banner banner-error" role="alert" aria-labelledby="reload-banner-title">
      <strong id="reload-banner-title">{title}</strong>
      <p className="banner-note">{status.summary}</p>
      {status.issues.length > 0 ? (
        <ul className="banner-issues">
          {status.issues.map((issue, i) => (
            <li key={`${i}:${issue.line}:${issue.column}`}>
              <code>{formatConfigIssue(issue)}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="banner-note">
        {missing
          ? 'The app keeps running the last configuration it loaded. Restore the file to pick up edits again.'
          : 'The app keeps running the last configuration it loaded. Fix the file and save it: it is picked up again.'}
      </p>
    </div>
  );
}
