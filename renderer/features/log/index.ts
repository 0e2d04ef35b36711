/** The log feature: the filterable event log. */
export { LogContainer } from './LogContainer.js';
