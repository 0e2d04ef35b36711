import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseConfigFile, CONFIG_FILE_FILTERS } from './dialogs.js';
import { BrowserWindow, dialog, Menu } from './test-support/fake-electron.js';
import { buildMenuTemplate, installApplicationMenu, type MenuOptions } from './menu.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

afterEach(() => {
  vi.clearAllMocks();
});

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return { isPackaged: true, platform: 'linux', onOpenConfig: vi.fn(), ...overrides };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function topLevel(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  return template.find((item) => item.label?.replace('&', '') === label);
}

describe('buildMenuTemplate', () => {
  it('has File → Open… (Ctrl/Cmd+O) and Quit', () => {
    const file = submenu(topLevel(buildMenuTemplate(options()), 'File'));
    expect(file[0]).toMatchObject({ label: 'Open…', accelerator: 'CmdOrCtrl+O' });
    expect(file.at(-1)).toMatchObject({ role: 'quit' });
  });

  it('runs onOpenConfig when Open… is clicked', () => {
    const onOpenConfig = vi.fn();
    const open = submenu(topLevel(buildMenuTemplate(options({ onOpenConfig })), 'File'))[0];
    (open?.click as () => void)();
    expect(onOpenConfig).toHaveBeenCalledOnce();
  });

  it('offers View → Reload and DevTools in development only', () => {
    const dev = topLevel(buildMenuTemplate(options({ isPackaged: false })), 'View');
    expect(submenu(dev).map((item) => item.role)).toEqual(['reload', 'toggleDevTools']);
    const packaged = buildMenuTemplate(options({ isPackaged: true }));
    expect(topLevel(packaged, 'View')).toBeUndefined();
    expect(JSON.stringify(packaged)).not.toMatch(/reload|DevTools/i);
  });

  it('adds the app menu on macOS only', () => {
    expect(buildMenuTemplate(options({ platform: 'darwin' }))[0]).toEqual({ role: 'appMenu' });
    expect(buildMenuTemplate(options({ platform: 'win32' })).some((item) => item.role === 'appMenu')).toBe(false);
  });
});

describe('installApplicationMenu', () => {
  it('builds the template and sets it as the application menu', () => {
    installApplicationMenu(options());
    expect(Menu.buildFromTemplate).toHaveBeenCalledOnce();
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(Menu.buildFromTemplate.mock.results[0]?.value);
  });
});

describe('chooseConfigFile', () => {
  it('opens a single .toml file, starting in the given folder', async () => {
    const parent = new BrowserWindow({});
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/lab/bench.toml'] });
    await expect(chooseConfigFile(parent as never, '/lab')).resolves.toBe('/lab/bench.toml');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(parent, expect.objectContaining({ properties: ['openFile'], defaultPath: '/lab' }));
    expect(CONFIG_FILE_FILTERS).toEqual([{ name: expect.any(String), extensions: ['toml'] }]);
    expect(dialog.showOpenDialog.mock.calls[0]?.[1]).toMatchObject({ filters: CONFIG_FILE_FILTERS });
  });

  it('resolves to undefined when cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(chooseConfigFile(new BrowserWindow({}) as never)).resolves.toBeUndefined();
    expect(dialog.showOpenDialog.mock.calls[0]?.[1]).not.toHaveProperty('defaultPath');
  });
});
