/** The change-set feature: the header's "Start a change set" and the staging tray. */
export { StagingTrayContainer } from './StagingTrayContainer.js';
export { StartChangeSetContainer } from './StartChangeSetContainer.js';
