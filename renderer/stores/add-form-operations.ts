/**
 * Opening the add form and picking its type, plus the serial-port listing that goes with a
 * serial type: the ports are asked for when the form first shows a serial type, and again on
 * "Refresh ports". Opening and picking are operations (not bare store actions) because picking
 * a serial type starts that request.
 */
import { instrumentTypes, isInstrumentType } from '../../shared/model/instrument-types.js';
import { useAddInstrumentStore } from './add-instrument-store.js';
import type { OperationKit } from './operation-kit.js';
import { operationKey } from './operations-store.js';
import { useSerialPortsStore } from './serial-ports-store.js';

export interface AddFormOperations {
  openAddForm(): Promise<void>;
  pickAddType(type: string): Promise<void>;
  refreshSerialPorts(): Promise<void>;
}

/** The add-form operations bound to one kit. */
export function createAddFormOperations({ api, track, log }: OperationKit): AddFormOperations {
  async function listPorts(): Promise<void> {
    const result = await track(operationKey.listPorts(), () => {
      useSerialPortsStore.getState().listRequested();
      return api.ListSerialPorts({});
    });
    if (!result) return;
    if (result.ok) useSerialPortsStore.getState().portsListed(result.value);
    else {
      // The field still takes a typed path, so a failed listing is a note under it, not a toast.
      useSerialPortsStore.getState().listingFailed(result.error);
      log('warn', `List serial ports failed: ${result.error.code}: ${result.error.message}`, 'app');
    }
  }

  /** Asks for the ports once per opening of the form, when a serial type is showing. */
  async function portsForType(type: string): Promise<void> {
    if (!isInstrumentType(type) || !instrumentTypes[type].serial) return;
    if (useSerialPortsStore.getState().status === 'idle') await listPorts();
  }

  return {
    async openAddForm() {
      useSerialPortsStore.getState().listForgotten();
      useAddInstrumentStore.getState().formOpened();
      await portsForType(useAddInstrumentStore.getState().type);
    },
    async pickAddType(type) {
      useAddInstrumentStore.getState().typePicked(type);
      await portsForType(useAddInstrumentStore.getState().type);
    },
    refreshSerialPorts: listPorts,
  };
}
