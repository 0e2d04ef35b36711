/** The status feature: the footer status bar. */
export { StatusBarContainer } from './StatusBarContainer.js';
