/** The "Reload from file" button: re-reads the config file now, as a hand edit would be. */
import { ActionButton } from '../../components/ActionButton.js';

export interface ReloadFromFileButtonProps {
  readonly busy: boolean;
  readonly onReload: () => void;
}

/** A small button named "Reload from file". */
export function ReloadFromFileButton({ busy, onReload }: ReloadFromFileButtonProps) {
  return (
    <ActionButton className="btn btn-small btn-bar" unavailable={busy} onClick={onReload} title="Read the config file again and apply what changed">
      Reload from file
    </ActionButton>
  );
}
