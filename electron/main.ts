/**
 * Electron entry point (package.json "main" → out/electron/electron/main.js).
 * Production unless explicitly started with KIOSK_DEV=1 from a source checkout:
 * a packaged kiosk can never be switched into development mode.
 */
import { app } from 'electron';
import { runKiosk } from './start-kiosk';

const production = app.isPackaged || process.env['KIOSK_DEV'] !== '1';

runKiosk({ mainDir: __dirname, production }).catch(function failStart(err: unknown) {
  process.stderr.write(`[kiosk] failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  app.exit(1);
});
