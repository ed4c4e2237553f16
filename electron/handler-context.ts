/**
 * The handler context in the Electron shell: the store, the unlock tokens,
 * the USB drives plugged in (for exports and content packs, listed in the
 * page: no OS file dialog ever opens over the kiosk), and quitting.
 */
import { app, session, type BrowserWindow } from 'electron';
import type Database from 'better-sqlite3';
import { AccessTokens } from '../db/access-tokens';
import type { HandlerContext } from './handlers';
import type { RequestPolicy } from './lockdown';
import { runSelfTest } from './self-test';
import { listUsbDrives } from './usb-drives';
import type { MemoryCapStatus } from './memory-cap';

export interface ElectronContextInput {
  db: Database.Database;
  dbFile: string;
  nativeBinding: string | undefined;
  /** The kiosk window, once it exists: the self-test probes it. */
  window: () => BrowserWindow | undefined;
  /** The app:// handler being served (serveAppProtocol's return): the self-test reads its CSP. */
  appRequest: (request: Request) => Promise<Response>;
  /** The request rule the default session was locked with. */
  requestPolicy: RequestPolicy;
  /** The renderer build's font-coverage.json (handlers.ts, importPackFromUsb). */
  fontCoverageFile: string;
  /** Whether the main process was started with the young-generation cap (memory-cap.ts mainMemoryCap). */
  memoryCap?: MemoryCapStatus;
  /** Where a call the store refused is reported (health.json). */
  onStorageProblem?: HandlerContext['onStorageProblem'];
}

export function createElectronContext(input: ElectronContextInput): HandlerContext {
  return {
    db: input.db,
    dbFile: input.dbFile,
    ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
    tokens: new AccessTokens(),
    now: () => new Date(),
    usbDrives: function usbDrives() {
      return listUsbDrives({
        platform: process.platform,
        ...(process.env.SystemDrive ? { systemDrive: process.env.SystemDrive } : {}),
        keepOff: [app.getPath('userData'), app.getPath('exe'), app.getPath('temp')],
      });
    },
    quit: function quitKiosk() {
      app.quit();
    },
    fontCoverageFile: input.fontCoverageFile,
    ...(input.onStorageProblem ? { onStorageProblem: input.onStorageProblem } : {}),
    // The committed development key signs packs only for development: a packaged kiosk never trusts it.
    trustDevelopmentKey: !app.isPackaged,
    selfTest: async function selfTest() {
      const checks = await runSelfTest({
        window: input.window(),
        session: session.defaultSession,
        app,
        appRequest: input.appRequest,
        policy: input.requestPolicy,
        ...(input.memoryCap ? { memoryCap: input.memoryCap } : {}),
      });
      return { shell: 'electron', checks, ...(input.memoryCap ? { memoryCap: { on: input.memoryCap.on, detail: input.memoryCap.detail } } : {}) };
    },
  };
}
