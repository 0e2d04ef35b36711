/**
 * Hands the bridge-bound operations to the containers. Bootstrap creates them once; a test or
 * a story can provide fakes the same way.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Operations } from '../stores/operations.js';

const OperationsContext = createContext<Operations | null>(null);

/** Makes `operations` available to every container below. */
export function OperationsProvider({ operations, children }: { operations: Operations; children: ReactNode }) {
  return <OperationsContext.Provider value={operations}>{children}</OperationsContext.Provider>;
}

/** The operations provided at bootstrap; a missing provider is a wiring bug, so it throws. */
export function useOperations(): Operations {
  const operations = useContext(OperationsContext);
  if (!operations) throw new Error('useOperations needs an OperationsProvider above it');
  return operations;
}
