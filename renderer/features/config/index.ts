/** The config feature: the invalid-file banner. */
export { ConfigBannerContainer } from './ConfigBannerContainer.js';
