/**
 * The instruments section: table, add form and remove dialog, wired to the stores and the
 * operations. Only wiring lives here; every decision is in a store action or selector.
 *
 * Accessible names and test hooks (end-to-end tests rely on these exactly):
 * - section: region named "Instruments" (heading `#instruments-heading`);
 *   table: role `table` named "Instruments"; each row `tr[data-instrument-id="<id>"]`
 * - live value cell: `data-testid="value-<id>"`
 * - per row: button "Edit <id>" opens the edit panel, a dialog named "Edit <id>" with the id,
 *   status and live value in its head, one input per parameter labelled by the spec's label
 *   (e.g. "Sample rate"; table fields "Velocity (axis1)"; codes as selects of words), a status
 *   line (`role="status"`: "2 unsaved changes", "Saved 2 changes.") and buttons "Save" ("Stage"
 *   while staging; Enter in a field saves too), "Revert" and "Close". Escape or Close with unsaved
 *   changes opens the alert dialog "Discard unsaved changes?" with "Keep editing" and "Discard".
 *   A field changed in the file meanwhile shows a group "<label> changed in the file" with
 *   "Use the file's value" and "Keep mine"; the panel's Save is unavailable until each is chosen.
 *   button "Remove <id>" opens the dialog
 * - button "Add instrument" opens the form named "New instrument" (the button is hidden while
 *   the form is open): select "Type", text input "Id", parameter inputs labelled by the spec's
 *   label, buttons "Add" ("Stage instrument" while a change set takes changes) and "Cancel". For serial types the "Serial port" input suggests the
 *   listed ports and simulators (`<datalist id="add-port-suggestions">`, any typed path is
 *   accepted) and has a button "Refresh ports"
 * - dialog named "Remove instrument <id>": button "Cancel"; when nothing uses the instrument
 *   "Remove"; when modules use it, each module id and role is listed with the module's state,
 *   and the buttons are "Reassign and remove" (with one select "New <role> for <moduleId>"
 *   per role, unavailable until each has a choice), "Remove with its modules" and "Remove
 *   anyway". "Remove" is a prefix of the others: match it with `exact: true`. While a change
 *   set takes changes they read "Stage removal", "Stage reassign and removal" and "Stage
 *   removal anyway", and "Remove with its modules" is not offered (it cannot be staged)
 * - while staging: a "Staging" badge beside the heading, and a "staged" mark in the id cell of
 *   each instrument the change set touches
 * - each channel's trend line is a button "Trend of <id>" ("Trend of <id> (<channel>)" with
 *   several channels) opening the dialog "Trend of <id>": select "Time window", the plot
 *   (figure "Trend plot of <id>") and "Close"
 */
import { useOperations } from '../../app/operations-context.js';
import { selectAddFormOpen, useAddInstrumentStore } from '../../stores/add-instrument-store.js';
import { useAppState, useConnection } from '../../stores/app-status-store.js';
import { selectEditingId, useInstrumentEditStore } from '../../stores/instrument-edit-store.js';
import { useInstrument, useInstrumentIds } from '../../stores/instruments-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { selectRemoveTarget, useRemoveDialogStore } from '../../stores/remove-dialog-store.js';
import { selectRowHighlight, useRowHighlightStore } from '../../stores/row-highlight-store.js';
import { useTrendStore } from '../../stores/trend-store.js';
import { TrendDialogContainer } from './TrendDialogContainer.js';
import { useStagingOn, useTrayOpenSet } from '../../stores/staging-store.js';
import { stagedMarks } from '../transactions/change-set-view.js';
import { useFocusReturn } from '../../components/use-focus-return.js';
import { AddInstrumentContainer } from './AddInstrumentContainer.js';
import { EditDialogContainer } from './EditDialogContainer.js';
import { InstrumentRow } from './InstrumentRow.js';
import { InstrumentsTable } from './InstrumentsTable.js';
import { displayStatus, isEditable, statusNote, summarizeParams, typeLabel } from './instrument-view.js';
import { InstrumentLiveValue } from './LiveValueContainer.js';
import { ParamSummary } from './ParamSummary.js';
import { RemoveDialogContainer } from './RemoveDialogContainer.js';

const noneStaged: readonly string[] = [];

/** The instruments section of the main window. */
export function InstrumentsContainer() {
  const operations = useOperations();
  const ids = useInstrumentIds();
  const appState = useAppState();
  const formOpen = useAddInstrumentStore(selectAddFormOpen);
  const removeTarget = useRemoveDialogStore(selectRemoveTarget);
  const editingId = useInstrumentEditStore(selectEditingId);
  const trendId = useTrendStore((s) => s.instrumentId);
  const addButtonRef = useFocusReturn<HTMLButtonElement>(formOpen);
  const staging = useStagingOn();
  const empty = ids.length > 0 ? false : appState === 'ready' ? 'none' : 'loading';
  return (
    <section className="panel panel-instruments" aria-labelledby="instruments-heading">
      <div className="panel-head">
        <h2 id="instruments-heading" tabIndex={-1}>
          Instruments
        </h2>
        {staging ? <span className="tray-badge tray-badge-staging">Staging</span> : null}
        {formOpen ? null : (
          <button ref={addButtonRef} type="button" className="btn btn-primary" onClick={() => void operations.openAddForm()}>
            Add instrument
          </button>
        )}
      </div>
      {formOpen ? <AddInstrumentContainer /> : null}
      <InstrumentsTable empty={empty}>
        {ids.map((id) => (
          <InstrumentRowContainer key={id} id={id} />
        ))}
      </InstrumentsTable>
      {removeTarget ? <RemoveDialogContainer key={removeTarget} id={removeTarget} /> : null}
      {editingId ? <EditDialogContainer key={editingId} id={editingId} /> : null}
      {trendId ? <TrendDialogContainer key={trendId} id={trendId} /> : null}
    </section>
  );
}

function InstrumentRowContainer({ id }: { id: string }) {
  const operations = useOperations();
  const view = useInstrument(id);
  const startEdit = useInstrumentEditStore((s) => s.editStarted);
  const removing = useIsPending(operationKey.remove(id));
  const connection = useConnection();
  const staged = stagedMarks(useTrayOpenSet()?.operations ?? null).instruments[id] ?? noneStaged;
  const highlight = useRowHighlightStore(selectRowHighlight(id));
  const openTrend = useTrendStore((s) => s.trendOpened);
  if (!view) return null;
  const status = displayStatus(view.status, connection);
  return (
    <InstrumentRow
      view={view}
      typeLabel={typeLabel(view.type)}
      status={status}
      // The reason belongs to the status the core last sent; while it is unknown, so is the reason.
      statusReason={statusNote(view, connection, false)}
      editable={isEditable(view)}
      removing={removing}
      staged={staged}
      highlight={highlight}
      // While the core is unreachable every value on screen is the last one received.
      liveValue={<InstrumentLiveValue view={view} stale={status !== 'running'} onOpenTrend={() => openTrend(id)} />}
      parameters={<ParamSummary items={summarizeParams(view)} />}
      onEdit={() => startEdit(id, view.type, view.config)}
      onRemove={() => void operations.openRemoveDialog(id)}
    />
  );
}
