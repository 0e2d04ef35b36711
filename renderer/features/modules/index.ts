/** The modules feature: module states, roles and Start / Stop. */
export { ModulesContainer } from './ModulesContainer.js';
