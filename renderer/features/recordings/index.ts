export { RecordingsContainer } from './RecordingsContainer.js';
