import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow as FakeBrowserWindow, fakeEvent, session } from './test-support/fake-electron.js';
import {
  appFiles,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  hardenSession,
  isAppUrl,
  loadApp,
  secureWebPreferences,
} from './window.js';

vi.mock('electron', () => import('./test-support/fake-electron.js'));

const files = appFiles('/opt/daq-studio/resources/app.asar');
const appUrl = pathToFileURL(files.indexHtml).href;

function newWindow(): FakeBrowserWindow {
  return createMainWindow(files) as unknown as FakeBrowserWindow;
}

describe('appFiles', () => {
  it('points at the electron-vite output inside the app folder', () => {
    expect(appFiles('/repo')).toEqual({
      preload: join('/repo', 'out', 'preload', 'preload.cjs'),
      indexHtml: join('/repo', 'out', 'renderer', 'index.html'),
    });
  });
});

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/x/preload.cjs');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInSubFrames', false],
    ['nodeIntegrationInWorker', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s', (flag, value) => {
    expect(prefs[flag]).toBe(value);
  });

  it('loads the bundled CommonJS preload', () => {
    expect(prefs.preload).toBe('/x/preload.cjs');
  });
});

describe('createMainWindow', () => {
  it('creates a hidden window with the hardened preferences and shows it on first paint', () => {
    const window = newWindow();
    expect(window.options.webPreferences).toEqual(secureWebPreferences(files.preload));
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.loadFile).not.toHaveBeenCalled();
  });

  it('denies window.open for any URL', () => {
    const window = newWindow();
    for (const url of ['https://example.org/', appUrl, 'file:///etc/passwd']) {
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it.each([
    'https://example.org/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    pathToFileURL('/opt/daq-studio/resources/app.asar/out/renderer/other.html').href,
    'javascript:alert(1)',
  ])('prevents navigation to %s', (url) => {
    const window = newWindow();
    const event = fakeEvent({ url });
    window.webContents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('lets the app page navigate to itself (hash routes included)', () => {
    const window = newWindow();
    for (const url of [appUrl, `${appUrl}#/instruments`]) {
      const event = fakeEvent({ url });
      window.webContents.emit('will-navigate', event);
      expect(event.defaultPrevented).toBe(false);
    }
  });

  it('prevents attaching a webview', () => {
    const window = newWindow();
    const event = fakeEvent();
    window.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('loadApp', () => {
  it('loads the renderer build', async () => {
    const window = newWindow();
    await loadApp(window as never, files);
    expect(window.loadFile).toHaveBeenCalledWith(files.indexHtml);
  });
});

describe('isAppUrl', () => {
  it('accepts the index file with or without hash and query', () => {
    expect(isAppUrl(appUrl, files.indexHtml)).toBe(true);
    expect(isAppUrl(`${appUrl}?x=1#/versions`, files.indexHtml)).toBe(true);
  });

  it.each(['', 'not a url', 'https://example.org/out/renderer/index.html', 'file://remote-host/opt/index.html', 'file:///opt/index.html'])(
    'rejects %j',
    (url) => {
      expect(isAppUrl(url, files.indexHtml)).toBe(false);
    },
  );
});

describe('hardenSession', () => {
  beforeAll(() => hardenSession(session.defaultSession as never));

  it('adds the strict CSP to every response, keeping the other headers', () => {
    const callback = vi.fn();
    session.defaultSession.headersListener?.({ url: appUrl, responseHeaders: { 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it.each([
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "connect-src 'self'",
  ])('the CSP contains %s', (directive) => {
    expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
  });

  it('never allows unsafe script sources', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('denies permission requests and checks', () => {
    const callback = vi.fn();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, callback, {});
    }
    expect(callback.mock.calls).toEqual([[false], [false], [false], [false]]);
    expect(session.defaultSession.permissionCheckHandler?.({}, 'media', appUrl, {})).toBe(false);
  });
});
