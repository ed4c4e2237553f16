import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from './window';

const preloadPath = '/app/out/electron/preload.js';

describe('kioskWindowOptions', () => {
  const options = kioskWindowOptions({ preloadPath, production: true });
  const web = options.webPreferences ?? {};

  it('is a frameless fullscreen kiosk window, hidden until painted', () => {
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true, show: false });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('isolates and sandboxes the page with no Node anywhere', () => {
    expect(web).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the bundled preload', () => {
    expect(web.preload).toBe(preloadPath);
  });

  it('turns off spellcheck, WebSQL, drag-and-drop navigation and zoom', () => {
    expect(web).toMatchObject({ spellcheck: false, enableWebSQL: false, navigateOnDragDrop: false, zoomFactor: 1 });
  });

  it('has no devtools in production', () => {
    expect(web.devTools).toBe(false);
  });

  it('allows devtools only outside production', () => {
    expect(kioskWindowOptions({ preloadPath, production: false }).webPreferences?.devTools).toBe(true);
  });
});
