/** The toasts feature: error notifications with code and message. */
export { ToastsContainer } from './ToastsContainer.js';
