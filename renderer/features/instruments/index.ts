/** The instruments feature: table, inline editing, add form, remove confirmation. */
export { InstrumentsContainer } from './InstrumentsContainer.js';
