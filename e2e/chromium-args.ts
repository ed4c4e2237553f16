/**
 * Command-line flags for Debian's Chromium, which stands in for the kiosk's
 * Electron window in the end-to-end tests (playwright.config.ts) and the
 * benchmarks (bench/browser.ts).
 *
 * Headless Chromium is the whole browser with its UI hidden, and Electron has
 * none of that UI. A trace on 2026-12-07 showed every new tab starting a
 * "WebUI Top Renderer" for the address bar's popup, which spent about half a
 * second of CPU while the page under test loaded: on this machine's two cores
 * it competed with that page. The last flag turns off those popups (three
 * features, all needed) and the preloading of the browser's own UI pages.
 * Chromium ignores unknown feature names without a word, so the bench checks
 * that no page of the browser's own UI is open before it measures
 * (bench/browser.ts, `assertNoBrowserUi`).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
];
