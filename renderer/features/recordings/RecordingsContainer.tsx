/** The recordings section wired to the recordings store; lists again after a run starts or ends. */
import { useEffect, useMemo } from 'react';
import { useOperations } from '../../app/operations-context.js';
import { needsRecordingList, recordingRows, useRecordingsStore } from '../../stores/recordings-store.js';
import { RecordingsPanel } from './RecordingsPanel.js';

export function RecordingsContainer() {
  const operations = useOperations();
  const wantsList = useRecordingsStore(needsRecordingList);
  const folder = useRecordingsStore((s) => s.folder);
  const runs = useRecordingsStore((s) => s.runs);
  const error = useRecordingsStore((s) => s.error);
  useEffect(() => {
    if (wantsList) void operations.listRecordings();
  }, [wantsList, operations]);
  const rows = useMemo(() => (runs === null ? null : recordingRows(runs)), [runs]);
  return <RecordingsPanel folder={folder} rows={rows} error={error} onCopyFolder={() => void operations.copyRecordingsFolder()} />;
}
