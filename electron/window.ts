/**
 * Options for the one kiosk window. A pure function so a unit test can read
 * every security-relevant flag without starting Electron.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface KioskWindowInput {
  /** Absolute path of the bundled preload (out/electron/preload.js). */
  preloadPath: string;
  /** Packaged or production run: no devtools at all. */
  production: boolean;
}

/** Matches the renderer's attract-screen background, so no white flash before first paint. */
export const KIOSK_BACKGROUND = '#0b3d5c';

export function kioskWindowOptions(input: KioskWindowInput): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: KIOSK_BACKGROUND,
    // Shown on 'ready-to-show' (see start-kiosk.ts): customers never see a blank window.
    show: false,
    // No closable/resizable: false here: on Windows a non-closable window also
    // refuses app.quit()'s close, so an orderly shutdown would hang. Closing by
    // the user is blocked in lockdown.ts instead.
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: !input.production,
      spellcheck: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Idle timeout and attract screen keep running when the screen is covered.
      backgroundThrottling: false,
      // Text size is the UI's own setting; browser zoom stays at 100 %
      // (pinch and Ctrl+/- are blocked in lockdown.ts).
      zoomFactor: 1,
    },
  };
}
