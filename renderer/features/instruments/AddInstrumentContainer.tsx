/** The add form wired to the add-form and serial-ports stores and the operations. */
import { useShallow } from 'zustand/react/shallow';
import { instrumentTypeNames, instrumentTypes, paramUnit } from '../../../shared/model/instrument-types.js';
import { useOperations } from '../../app/operations-context.js';
import { selectAddForm, useAddInstrumentStore } from '../../stores/add-instrument-store.js';
import { useInstrumentsStore } from '../../stores/instruments-store.js';
import { operationKey, useIsPending } from '../../stores/operations-store.js';
import { configFromDrafts, paramFields, specsOf } from '../../stores/param-drafts.js';
import { useStagingOn } from '../../stores/staging-store.js';
import { selectPortList, selectPortListError, selectPortListStatus, useSerialPortsStore } from '../../stores/serial-ports-store.js';
import { AddInstrumentForm } from './AddInstrumentForm.js';
import { portListSummary, portSuggestions, portTakenBy } from './port-suggestions.js';
import type { PortPickerProps } from './PortPicker.js';

const typeOptions = instrumentTypeNames.map((t) => ({ value: t, label: instrumentTypes[t].label }));

/** The parameter of serial types that names the port. */
const PORT_PARAM = 'port';

/** The "New instrument" form. */
export function AddInstrumentContainer() {
  const operations = useOperations();
  const form = useAddInstrumentStore(selectAddForm);
  const busy = useIsPending(operationKey.add());
  const staging = useStagingOn();
  const list = useSerialPortsStore(selectPortList);
  const listStatus = useSerialPortsStore(selectPortListStatus);
  const listError = useSerialPortsStore(selectPortListError);
  const instruments = useInstrumentsStore(useShallow((s) => s.ids.map((i) => s.byId[i]).filter((v) => v !== undefined)));
  let portPicker: PortPickerProps | null = null;
  if (instrumentTypes[form.type].serial) {
    const suggestions = portSuggestions(list, form.type, instruments);
    portPicker = {
      path: PORT_PARAM,
      listId: 'add-port-suggestions',
      suggestions,
      summary: list === null ? 'ports not listed yet' : portListSummary(suggestions),
      loading: listStatus === 'loading',
      warning: list?.warning,
      error: listError,
      takenBy: portTakenBy(suggestions, instruments, form.drafts[PORT_PARAM] ?? ''),
      onRefresh: () => void operations.refreshSerialPorts(),
    };
  }
  const fields = paramFields(specsOf(form.type));
  const typed = configFromDrafts(form.type, form.drafts);
  const units = Object.fromEntries(fields.map((f) => [f.path, paramUnit(form.type, typed, f.path)]));
  return (
    <AddInstrumentForm
      types={typeOptions}
      type={form.type}
      typeDescription={instrumentTypes[form.type].description}
      id={form.id}
      idError={form.idError}
      fields={fields}
      units={units}
      drafts={form.drafts}
      errors={form.errors}
      submitError={form.submitError}
      busy={busy}
      staging={staging}
      portPicker={portPicker}
      onTypeChange={(type) => void operations.pickAddType(type)}
      onIdChange={form.idChanged}
      onDraftChange={form.draftChanged}
      onSubmit={() => void operations.addInstrument()}
      onCancel={form.formClosed}
    />
  );
}
