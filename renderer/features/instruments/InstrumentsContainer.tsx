/**
 * The instruments section: table, add form and remove dialog, wired to the stores and the
 * operations. Only wiring lives here; every decision is in a store action or selector.
 *
 * Accessible names and test hooks (end-to-end tests rely on these exactly):
 * - section: region named "Instruments" (heading `#instruments-heading`);
 *   table: role `table` named "Instruments"; each row `tr[data-instrument-id="<id>"]`
 * - live value cell: `data-testid="value-<id>"`
 * - per row: button "Edit <id>" (a toggle, `aria-pressed`) turns that row's parameters into
 *   inputs labelled by the spec's label (e.g. "Sample rate"; table fields "Velocity (axis1)");
 *   a button "Save" ("Stage" while staging) appears next to a parameter once its value differs; Enter saves too;
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
 */
import { useShallow } from 'zustand/react/shallow';
import { useOperations } from '../../app/operations-context.js';
import { selectAddFormOpen, useAddInstrumentStore } from '../../stores/add-instrument-store.js';
import { useAppState, useConnection } from '../../stores/app-status-store.js';
import { isDirty, selectIsEditing, useInstrumentEditStore } from '../../stores/instrument-edit-store.js';
import { useInstrument, useInstrumentIds } from '../../stores/instruments-store.js';
import { operationKey, useIsPending, useOperationsStore } from '../../stores/operations-store.js';
import { paramFields, specsOf } from '../../stores/param-drafts.js';
import { readingKey, useLatestReading, useTrend } from '../../stores/readings-store.js';
import { selectRemoveTarget, useRemoveDialogStore } from '../../stores/remove-dialog-store.js';
import { useStagingOn, useTrayOpenSet } from '../../stores/staging-store.js';
import { stagedMarks } from '../transactions/change-set-view.js';
import { formatValue } from '../../components/format-value.js';
import { useFocusReturn } from '../../components/use-focus-return.js';
import { AddInstrumentContainer } from './AddInstrumentContainer.js';
import { InstrumentRow } from './InstrumentRow.js';
import { InstrumentsTable } from './InstrumentsTable.js';
import { isEditable, summarizeParams, typeLabel } from './instrument-view.js';
import { ChannelReading } from './LiveValue.js';
import { ParamEditor, ParamSummary } from './ParamEditor.js';
import { RemoveDialogContainer } from './RemoveDialogContainer.js';

const noneStaged: readonly string[] = [];

/** The instruments section of the main window. */
export function InstrumentsContainer() {
  const operations = useOperations();
  const ids = useInstrumentIds();
  const appState = useAppState();
  const formOpen = useAddInstrumentStore(selectAddFormOpen);
  const removeTarget = useRemoveDialogStore(selectRemoveTarget);
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
    </section>
  );
}

function InstrumentRowContainer({ id }: { id: string }) {
  const operations = useOperations();
  const view = useInstrument(id);
  const editing = useInstrumentEditStore(selectIsEditing(id));
  const toggleEdit = useInstrumentEditStore((s) => s.editToggled);
  const removing = useIsPending(operationKey.remove(id));
  const connection = useConnection();
  const staged = stagedMarks(useTrayOpenSet()?.operations ?? null).instruments[id] ?? noneStaged;
  if (!view) return null;
  // While the core is unreachable every value on screen is the last one received.
  const stale = view.status !== 'running' || connection !== 'open';
  return (
    <InstrumentRow
      view={view}
      typeLabel={typeLabel(view.type)}
      editing={editing}
      editable={isEditable(view)}
      removing={removing}
      staged={staged}
      liveValue={
        view.channels.length === 0 ? (
          <span className="muted">no data channels</span>
        ) : (
          view.channels.map((c) => (
            <ChannelReadingContainer
              key={c.name}
              channelKey={readingKey(id, c.name)}
              label={view.channels.length > 1 ? c.name : undefined}
              stale={stale}
            />
          ))
        )
      }
      parameters={editing ? <ParamEditorContainer id={id} /> : <ParamSummary items={summarizeParams(view)} />}
      onToggleEdit={() => toggleEdit(id, view.type, view.config)}
      onRemove={() => void operations.openRemoveDialog(id)}
    />
  );
}

function ChannelReadingContainer({ channelKey, label, stale }: { channelKey: string; label: string | undefined; stale: boolean }) {
  const reading = useLatestReading(channelKey);
  const trend = useTrend(channelKey);
  return <ChannelReading channel={label} text={reading ? formatValue(reading.value, reading.unit) : undefined} trend={trend} stale={stale} />;
}

function ParamEditorContainer({ id }: { id: string }) {
  const operations = useOperations();
  const edit = useInstrumentEditStore(
    useShallow((s) => ({ type: s.type, drafts: s.drafts, initial: s.initial, errors: s.errors, draftChanged: s.draftChanged })),
  );
  const pending = useOperationsStore((s) => s.pending);
  const staging = useStagingOn();
  if (!edit.type) return null;
  const rows = paramFields(specsOf(edit.type)).map((field) => ({
    field,
    draft: edit.drafts[field.path] ?? '',
    error: edit.errors[field.path],
    dirty: isDirty(edit, field.path),
    saving: pending[operationKey.update(id, field.path)] === true,
  }));
  return <ParamEditor instrumentId={id} rows={rows} staging={staging} onDraftChange={edit.draftChanged} onSave={(path) => void operations.saveParameter(path)} />;
}
