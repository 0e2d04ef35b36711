/**
 * What ipc-glue.ts bundles: the real IPC glue with `electron` pointing at the stand-in, and the
 * stand-in's `ipcMain` the glue registered its handlers with (one module instance for both).
 */
export { registerIpcBridge } from '../../main/electron/ipc-bridge.js';
export { ipcMain, StandInWindow } from './stand-in-electron.js';
