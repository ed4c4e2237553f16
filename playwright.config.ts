import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './e2e/chromium-args';

// A port per run (inherited by the workers through the environment), so two checkouts can test at once.
process.env['KIOSK_E2E_PORT'] ??= String(20000 + (process.pid % 20000));
const PORT = Number(process.env['KIOSK_E2E_PORT']);
/** The harness's store for this run (fresh each run; one per port so concurrent runs keep apart). */
export const E2E_DATA_DIR = `.reports/e2e-data-${PORT}`;
/** Set on the fresh e2e store so the customer specs start at the attract screen; admin specs unlock with it. */
export const E2E_ADMIN_PIN = '482913';
/** What "Import from USB stick" reads in the harness (its signature beside it, + .sig); e2e/packs.spec.ts writes it. */
/** The folder the harness treats as the one USB drive plugged in (exports, pack imports). */
export const E2E_USB_DIR = `${E2E_DATA_DIR}/usb`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    // Debian's Chromium: Playwright's own browser download cannot work offline.
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS],
    },
    trace: 'off',
  },
  projects: [
    { name: 'portrait', use: { viewport: { width: 1080, height: 1920 }, hasTouch: true } },
    // The Electron window test needs no second orientation.
    { name: 'landscape', use: { viewport: { width: 1920, height: 1080 }, hasTouch: true }, testIgnore: '**/electron.spec.ts' },
  ],
  webServer: {
    command: `npx tsx e2e/harness.ts --port ${PORT} --data ${E2E_DATA_DIR} --fresh --admin-pin ${E2E_ADMIN_PIN} --demo-sessions 400 --usb ${E2E_USB_DIR}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
