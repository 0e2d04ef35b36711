/**
 * The application menu: File (Open…, Quit), Edit (so copy and paste work in text fields on
 * macOS) and, in development only, View (Reload, DevTools).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** What the menu needs from the shell. */
export interface MenuOptions {
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
  /** Runs File → Open…; the shell shows the dialog and switches the core. */
  readonly onOpenConfig: () => void;
}

/** The menu template, kept separate from {@link installApplicationMenu} so tests can read it. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => options.onOpenConfig() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
  );
  // Reload and DevTools let a renderer bug be inspected; a lab PC running the packaged app needs neither.
  if (!options.isPackaged) {
    template.push({ label: '&View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  }
  return template;
}

/** Builds the menu and makes it the application menu. */
export function installApplicationMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
