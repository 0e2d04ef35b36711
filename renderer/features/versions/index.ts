/** The versions feature: the header's "Undo last change" and "Versions", the view, the restore dialog and notice. */
export { RestoreDialogContainer } from './RestoreDialogContainer.js';
export { RestoreNoticeContainer } from './RestoreNoticeContainer.js';
export { VersionsContainer } from './VersionsContainer.js';
export { VersionsHeaderContainer } from './VersionsHeaderContainer.js';
