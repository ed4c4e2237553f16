/**
 * When the app does not start (its chunk fails to load), the prerendered
 * attract screen must not stay up ignoring taps: the page reloads, and after
 * a few failures in a row shows the shell's out-of-order page, in its own
 * fonts (renderer/src/lib/failed-start.ts, build/out-of-order-fonts.ts).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { LANGUAGE_NAMES, attractButton, fontFacesOf } from './kiosk-page';

/** Fails the app's chunk on the first `loads` loads of the page (every load if not given). */
async function failTheApp(page: Page, loads = Number.POSITIVE_INFINITY): Promise<{ loads: () => number }> {
  let pageLoads = 0;
  page.on('request', (request) => {
    if (request.isNavigationRequest() && new URL(request.url()).pathname === '/') pageLoads += 1;
  });
  await page.route('**/assets/start-app-*.js', (route) => (pageLoads <= loads ? route.abort('failed') : route.fallback()));
  return { loads: () => pageLoads };
}

test.describe('an app that does not start', () => {
  test('is loaded again, and runs once its chunk comes through', async ({ page, foreignRequests }) => {
    void foreignRequests;
    const app = await failTheApp(page, 1);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-app', 'running', { timeout: 15_000 });
    expect(app.loads()).toBe(2);
    // The count of failed starts is cleared, so a later fault gets its reloads again.
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    await attractButton(page).tap();
    await expect(page.getByRole('main').getByRole('button', { name: LANGUAGE_NAMES.en, exact: true })).toBeVisible();
  });

  test('ends on the out-of-order page, readable without any system CJK font, after three reloads', async ({ page, foreignRequests }) => {
    void foreignRequests;
    test.slow();
    const app = await failTheApp(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/out-of-order\.html$/, { timeout: 30_000 });
    // The first load and three reloads.
    expect(app.loads()).toBe(4);
    await expect(page.getByRole('heading', { name: '本机暂停服务' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '本機暫停服務' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Out of order' })).toBeVisible();
    // Drawn by the page's own cut fonts (the machine running this has no CJK font either).
    const faces = await fontFacesOf(page);
    expect(faces).toEqual(['Out Of Order SC 400 loaded', 'Out Of Order SC 700 loaded', 'Out Of Order TC 400 loaded', 'Out Of Order TC 700 loaded']);
    expect(await page.evaluate(() => document.fonts.check('700 48px "Out Of Order TC"', '本機暫停服務'))).toBe(true);
  });
});
