/** The persistence feature: the "not saved to file" indicator with "Save to file". */
export { PersistenceContainer } from './PersistenceContainer.js';
